package org.convnet4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

class LearningRateDecayTest {

  // Staircase decay, by hand: lr 0.5, rate 0.5 every 2 steps gives 0.5, 0.5, 0.25, 0.25, 0.125.
  @Test
  void staircaseDecayHalvesTheStepEveryTwoSteps() {
    GradientDescent sgd = new GradientDescent(0.5f);
    sgd.decayLearningRate(0.5, 2);
    assertThat(List.of(0L, 1L, 2L, 3L, 4L).stream().map(sgd::learningRateAt))
        .containsExactly(0.5f, 0.5f, 0.25f, 0.25f, 0.125f);
    assertThat(sgd.learningRate()).isEqualTo(0.5f);
  }

  // w = 0, gradient 1 each step: w = -(0.5 + 0.5 + 0.25) = -1.25 after three steps.
  @Test
  void gradientDescentMovesByTheDecayedStep() {
    GradientDescent sgd = new GradientDescent(0.5f);
    sgd.decayLearningRate(0.5, 2);
    Variable w = new Variable("w", Tensor.zeros(1));
    for (int step = 0; step < 3; step++) {
      sgd.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
    }
    assertThat(w.value().item()).isEqualTo(-1.25f);
  }

  @Test
  void restoredOptimizerContinuesTheSchedule() {
    Adam first = new Adam(1e-3f);
    first.decayLearningRate(0.75, 3);
    Variable w = new Variable("w", Tensor.ones(2));
    for (int step = 0; step < 4; step++) {
      first.apply(List.of(w), new Tensor[] {Tensor.ones(2)});
    }
    Adam restored = new Adam(1e-3f);
    restored.decayLearningRate(0.75, 3);
    restored.restore(first.state(), List.of(w));
    assertThat(restored.learningRateAt(restored.iterations()))
        .isEqualTo(first.learningRateAt(first.iterations()))
        .isEqualTo((float) (1e-3 * 0.75));
  }

  @Test
  void rateOutsideZeroToOneIsRejected() {
    assertThatThrownBy(() -> new Adam(1e-3f).decayLearningRate(1.5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adam: learning-rate decay needs a rate in (0, 1]");
    assertThatThrownBy(() -> new Adam(1e-3f).decayLearningRate(0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
