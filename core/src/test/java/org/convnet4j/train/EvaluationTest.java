package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
import org.junit.jupiter.api.Test;

/**
 * A model that predicts the brightest of three pixels (flatten, then a dense layer with the
 * identity as kernel), on images built so the confusion matrix is known in advance.
 */
class EvaluationTest {

  @Test
  void countsEveryPredictionAgainstItsLabel() {
    // (label, brightest pixel) pairs: 0->0 twice, 0->1, 1->1, 2->1, 2->2 twice.
    int[] labels = {0, 0, 0, 1, 2, 2, 2};
    int[] brightest = {0, 0, 1, 1, 1, 2, 2};

    Evaluation e = Evaluation.of(argmaxModel(), split(labels, brightest), List.of("a", "b", "c"));

    assertThat(e.confusionMatrix()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 0}, {0, 1, 2}});
    assertThat(e.examples()).isEqualTo(7);
    assertThat(e.correct()).isEqualTo(5);
    assertThat(e.accuracy()).isCloseTo(5 / 7.0, within(1e-12));
    // precision: of the predicted b (column 1), 1 of 3 is b; recall: of the actual c, 2 of 3.
    assertThat(e.precision(0)).isEqualTo(1.0);
    assertThat(e.precision(1)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(e.recall(0)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(e.recall(2)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(e.toString()).contains("accuracy 0.7143 (5 of 7)").contains("b         0.3333");
  }

  @Test
  void splitsLargerThanOneBatchAreCountedWhole() {
    int n = Evaluation.BATCH_SIZE * 2 + 7;
    int[] labels = new int[n];
    int[] brightest = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      brightest[i] = i % 3 == 2 && i % 2 == 0 ? 0 : i % 3; // every other class-2 image is wrong
    }

    Evaluation e = Evaluation.of(argmaxModel(), split(labels, brightest));

    long wrong =
        java.util.stream.IntStream.range(0, n).filter(i -> labels[i] != brightest[i]).count();
    assertThat(e.examples()).isEqualTo(n);
    assertThat(e.correct()).isEqualTo(n - wrong);
  }

  @Test
  void aWorkspaceKeptAcrossEvaluationsCountsEachSplitAfresh() {
    // Two splits with partial last batches of different sizes, evaluated in turn with one
    // workspace: the second must not see the first's activations.
    Workspace workspace = new Workspace();
    int[] sizes = {Evaluation.BATCH_SIZE + 7, Evaluation.BATCH_SIZE + 3};
    for (int round = 0; round < 2; round++) {
      for (int n : sizes) {
        int[] labels = new int[n];
        int[] brightest = new int[n];
        for (int i = 0; i < n; i++) {
          labels[i] = i % 3;
          brightest[i] = (i + n) % 5 == 0 ? (i + 1) % 3 : i % 3;
        }
        long wrong =
            java.util.stream.IntStream.range(0, n).filter(i -> labels[i] != brightest[i]).count();

        Evaluation e = Evaluation.of(argmaxModel(), split(labels, brightest), workspace);

        assertThat(e.examples()).isEqualTo(n);
        assertThat(e.correct()).isEqualTo(n - wrong);
      }
    }
  }

  @Test
  void aClassNeverPredictedHasPrecisionZero() {
    Evaluation e = Evaluation.of(argmaxModel(), split(new int[] {2, 1}, new int[] {1, 1}));

    assertThat(e.precision(2)).isZero();
    assertThat(e.recall(2)).isZero();
  }

  @Test
  void modelWithAnotherNumberOfClassesIsAnError() {
    DataSplit twoClasses = DataSplit.of(Tensor.zeros(1, 1, 3, 1), new int[] {0}, 2);

    assertThatThrownBy(() -> Evaluation.of(argmaxModel(), twoClasses))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("puts out [3], the split has 2 classes");
  }

  private static Sequential argmaxModel() {
    Sequential model = new Sequential(new int[] {1, 3, 1}, 1, new Flatten(), new Dense(3));
    Dense dense = (Dense) model.layers().get(1);
    dense.kernel().assign(Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3));
    return model;
  }

  private static DataSplit split(int[] labels, int[] brightest) {
    float[] pixels = new float[labels.length * 3];
    for (int i = 0; i < labels.length; i++) {
      pixels[i * 3 + brightest[i]] = 1f;
    }
    return DataSplit.of(Tensor.of(pixels, labels.length, 1, 3, 1), labels, 3);
  }
}
