package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.data.Batch;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.GradientDescent;
import org.junit.jupiter.api.Test;

class LabelSmoothingTest {

  // Two classes, zero logits, label [1, 0], smoothing 0.2: Keras' targets y * 0.8 + 0.2 / 2 =
  // [0.9, 0.1]; loss -(0.9 + 0.1) * log(0.5) = ln 2; the logits' gradient softmax - y = [-0.4,
  // 0.4] (without smoothing [-0.5, 0.5]), so SGD at 1 moves the bias to [0.4, -0.4].
  @Test
  void smoothedTargetsFollowKerasFormula() {
    for (float smoothing : new float[] {0.2f, 0f}) {
      Sequential model = new Sequential(new int[] {1}, 1, new Dense(2));
      for (Variable v : model.variables()) {
        v.assign(Tensor.zeros(v.shape()));
      }
      TrainingStep step =
          new TrainingStep(model, new GradientDescent(1f)).withLabelSmoothing(smoothing);
      Batch batch = new Batch(Tensor.zeros(1, 1), Tensor.of(new float[] {1, 0}, 1, 2));

      TrainingStep.Result r = step.run(batch, 0);

      assertThat(r.loss()).isCloseTo((float) Math.log(2), within(1e-6f));
      assertThat(r.accuracy()).isEqualTo(1f); // a tie goes to the first class, the true one
      float expected = smoothing == 0 ? 0.5f : 0.4f;
      assertThat(model.variables().get(1).value().toFloatArray())
          .containsExactly(new float[] {expected, -expected}, within(1e-6f));
    }
  }
}
