package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.data.Batch;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Adam;
import org.convnet4j.optim.Optimizer;
import org.junit.jupiter.api.Test;

/**
 * The training step, whose arrays come from a recycled workspace, against the same step written
 * out with a gradient tape and fresh arrays: recycling must not change a single number.
 */
class TrainingStepTest {

  private static final DataSplit TRAIN = BarImages.dataSets(3).train();
  // Full batches, a short one as at the end of an epoch, then a full one again: the workspace
  // must cope with shapes that change and change back.
  private static final int[] BATCH_SIZES = {128, 128, 40, 128};

  @Test
  void stepsGiveTheLossesAndWeightsOfTheSameStepsWrittenOut() {
    Sequential stepped = BarImages.model(1);
    Sequential written = BarImages.model(1);
    TrainingStep step = new TrainingStep(stepped, new Adam(0.01f));
    Optimizer optimizer = new Adam(0.01f);

    List<Float> steppedLosses = new ArrayList<>();
    List<Float> writtenLosses = new ArrayList<>();
    for (int s = 0; s < BATCH_SIZES.length; s++) {
      Batch batch = TRAIN.batch(s * 100, s * 100 + BATCH_SIZES[s]);
      steppedLosses.add(step.run(batch, s).loss());
      writtenLosses.add(writtenOutStep(written, optimizer, batch, s));
    }

    assertThat(steppedLosses).isEqualTo(writtenLosses);
    for (int v = 0; v < stepped.variables().size(); v++) {
      assertThat(stepped.variables().get(v).value().toFloatArray())
          .containsExactly(written.variables().get(v).value().toFloatArray());
    }
  }

  private static float writtenOutStep(
      Sequential model, Optimizer optimizer, Batch batch, long step) {
    model.setTrainingStep(step);
    Tensor[] sources = model.variables().stream().map(Variable::value).toArray(Tensor[]::new);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(sources);
      Tensor logits = model.forward(batch.images(), true);
      Tensor loss = Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(batch.labels(), logits));
      optimizer.apply(model.variables(), tape.gradient(loss, sources));
      return loss.item();
    }
  }

  @Test
  void computedGradientsAppliedByTheOptimizerGiveTheWeightsOfARunStep() {
    Sequential stepped = BarImages.model(1);
    Sequential split = BarImages.model(1);
    TrainingStep step = new TrainingStep(stepped, new Adam(0.01f));
    TrainingStep gradientsOnly = new TrainingStep(split, null);
    Optimizer optimizer = new Adam(0.01f);
    float[][] gradients =
        split.variables().stream().map(v -> new float[v.size()]).toArray(float[][]::new);

    for (int s = 0; s < BATCH_SIZES.length; s++) {
      Batch batch = TRAIN.batch(s * 100, s * 100 + BATCH_SIZES[s]);
      float[] before = split.variables().get(0).value().toFloatArray();
      TrainingStep.Result computed = gradientsOnly.computeGradients(batch, s, gradients);
      assertThat(split.variables().get(0).value().toFloatArray()).containsExactly(before);
      assertThat(computed).isEqualTo(step.run(batch, s));
      optimizer.apply(
          split.variables(),
          IntStream.range(0, gradients.length)
              .mapToObj(i -> Tensor.of(gradients[i].clone(), split.variables().get(i).shape()))
              .toArray(Tensor[]::new));
    }

    for (int v = 0; v < stepped.variables().size(); v++) {
      assertThat(split.variables().get(v).value().toFloatArray())
          .containsExactly(stepped.variables().get(v).value().toFloatArray());
    }
    assertThatThrownBy(() -> gradientsOnly.run(TRAIN.batch(0, 8), 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> gradientsOnly.computeGradients(TRAIN.batch(0, 8), 0, new float[1][]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 gradient arrays for");
  }
}
