package org.convnet4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

/** Updates checked against the optimizers' formulas, worked by hand in double precision. */
class OptimizerTest {

  private static final float[] W0 = {1f, -2f, 0.5f};
  private static final float[] G = {0.5f, -1f, 0f};

  @Test
  void gradientDescentStepsAgainstTheGradient() {
    Variable w = variable();

    new GradientDescent(0.1f).apply(List.of(w), new Tensor[] {grad()});

    // w - 0.1 * g
    assertThat(w.value().toFloatArray()).containsExactly(0.95f, -1.9f, 0.5f);
  }

  @Test
  void momentumAccumulatesGradients() {
    Variable w = variable();
    Momentum momentum = new Momentum(0.1f, 0.9f);

    momentum.apply(List.of(w), new Tensor[] {grad()});
    momentum.apply(List.of(w), new Tensor[] {grad()});

    // a1 = g, w1 = w0 - 0.1 g; a2 = 0.9 g + g = 1.9 g, w2 = w1 - 0.19 g = w0 - 0.29 g
    float[] w2 = w.value().toFloatArray();
    assertThat(w2[0]).isCloseTo(1f - 0.29f * 0.5f, within(1e-6f));
    assertThat(w2[1]).isCloseTo(-2f + 0.29f, within(1e-6f));
    assertThat(w2[2]).isEqualTo(0.5f);
  }

  @Test
  void oneAdamStepFollowsTheFormula() {
    Variable w = variable();

    new Adam(0.001f).apply(List.of(w), new Tensor[] {grad()});

    // t = 1: m = 0.1 g, v = 0.001 g^2, alpha = 0.001 * sqrt(1 - 0.999) / (1 - 0.9),
    // w -= alpha * m / (sqrt(v) + 1e-7)
    float[] w1 = w.value().toFloatArray();
    for (int i = 0; i < 3; i++) {
      double m = 0.1 * G[i];
      double v = 0.001 * G[i] * G[i];
      double alpha = 0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9);
      double expected = W0[i] - alpha * m / (Math.sqrt(v) + 1e-7);
      assertThat((double) w1[i]).isCloseTo(expected, within(1e-7));
    }
    // The first step moves each weight by almost exactly the learning rate.
    assertThat((double) w1[0]).isCloseTo(1 - 0.001, within(1e-7));
  }

  @Test
  void twoAdamStepsFollowTheFormula() {
    Variable w = variable();
    Adam adam = new Adam(0.01f, 0.8f, 0.99f, 1e-3f);
    float[] g2 = {-0.25f, 2f, 1f};

    adam.apply(List.of(w), new Tensor[] {grad()});
    adam.apply(List.of(w), new Tensor[] {Tensor.of(g2, 3)});

    float[] w2 = w.value().toFloatArray();
    for (int i = 0; i < 3; i++) {
      double m1 = 0.2 * G[i];
      double v1 = 0.01 * G[i] * G[i];
      double w1 = W0[i] - 0.01 * Math.sqrt(1 - 0.99) / (1 - 0.8) * m1 / (Math.sqrt(v1) + 1e-3);
      double m2 = 0.8 * m1 + 0.2 * g2[i];
      double v2 = 0.99 * v1 + 0.01 * g2[i] * g2[i];
      double alpha2 = 0.01 * Math.sqrt(1 - 0.99 * 0.99) / (1 - 0.8 * 0.8);
      double expected = w1 - alpha2 * m2 / (Math.sqrt(v2) + 1e-3);
      assertThat((double) w2[i]).isCloseTo(expected, within(2e-6));
    }
    assertThat(adam.iterations()).isEqualTo(2);
  }

  @Test
  void adamMomentsOfAWeightWhoseGradientStopsReachZeroWithoutTurningSubnormal() {
    // A unit its ReLU has shut off: one gradient, then zeros. m shrinks by beta1 a step; where it
    // would drop below 2^-126 it becomes 0, as under TensorFlow's flush-to-zero mode.
    Variable w = new Variable("w", Tensor.of(new float[] {1f}, 1));
    Adam adam = new Adam(0.001f);
    adam.apply(List.of(w), new Tensor[] {Tensor.of(new float[] {1e-3f}, 1)});
    Tensor zero = Tensor.of(new float[] {0f}, 1);
    int steps = 0;
    float m = adam.state().slots().get("w/m")[0];
    while (m != 0f && steps < 2_000) {
      adam.apply(List.of(w), new Tensor[] {zero});
      m = adam.state().slots().get("w/m")[0];
      assertThat(m == 0f || m >= Float.MIN_NORMAL).as("m after %d zero gradients: %s", steps, m)
          .isTrue();
      steps++;
    }
    // 1e-4 * 0.9^k falls below 2^-126 (1.1755e-38) at k = 742: ln(1.1755e-34) / ln(0.9) = 741.5,
    // and the same count stepping in float32 (numpy).
    assertThat(steps).isEqualTo(742);
  }

  @Test
  void adamDefaultsAreKeras() {
    assertThat(Adam.DEFAULT_BETA1).isEqualTo(0.9f);
    assertThat(Adam.DEFAULT_BETA2).isEqualTo(0.999f);
    assertThat(Adam.DEFAULT_EPSILON).isEqualTo(1e-7f);
  }

  @Test
  void exportedStateContinuesExactlyInAFreshOptimizer() {
    Variable a = variable();
    Variable b = variable();
    Adam first = new Adam(0.01f);
    first.apply(List.of(a), new Tensor[] {grad()});
    b.assign(a.value());

    Adam second = new Adam(0.01f);
    second.restore(first.state(), List.of(b));
    first.apply(List.of(a), new Tensor[] {grad()});
    second.apply(List.of(b), new Tensor[] {grad()});

    assertThat(b.value().toFloatArray()).isEqualTo(a.value().toFloatArray());
    assertThat(second.state().slots()).containsOnlyKeys("w/m", "w/v");
    assertThat(second.iterations()).isEqualTo(2);
  }

  @Test
  void restoringASlotOfAnotherSizeIsAnError() {
    OptimizerState state = new OptimizerState(1, Map.of("w/accumulator", new float[5]));

    assertThatThrownBy(() -> new Momentum(0.1f).restore(state, List.of(variable())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w/accumulator has 5 values, variable has 3");
  }

  @Test
  void restoringASlotOfNoVariableIsAnError() {
    OptimizerState state = new OptimizerState(1, Map.of("other/m", new float[3]));

    assertThatThrownBy(() -> new Adam(0.1f).restore(state, List.of(variable())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other/m");
  }

  @Test
  void gradientOfAnotherShapeIsAnError() {
    assertThatThrownBy(
            () ->
                new GradientDescent(0.1f)
                    .apply(List.of(variable()), new Tensor[] {Tensor.zeros(3, 1)}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient of w has shape [3, 1], expected [3]");
  }

  @Test
  void fewerGradientsThanVariablesIsAnError() {
    assertThatThrownBy(() -> new GradientDescent(0.1f).apply(List.of(variable()), new Tensor[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 variables but 0 gradients");
  }

  @Test
  void nonPositiveLearningRateIsAnError() {
    assertThatThrownBy(() -> new Adam(0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning rate must be positive and finite, got 0.0");
  }

  @Test
  void momentumOfOneIsAnError() {
    assertThatThrownBy(() -> new Momentum(0.1f, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be in [0, 1), got 1.0");
  }

  @Test
  void typesParseTheirCommandLineNames() {
    assertThat(OptimizerType.parse("ADAM").create(0.1f)).isInstanceOf(Adam.class);
    assertThat(OptimizerType.parse("sgd").create(0.1f)).isInstanceOf(GradientDescent.class);
    assertThat(OptimizerType.parse("momentum").create(0.1f)).isInstanceOf(Momentum.class);
    assertThatThrownBy(() -> OptimizerType.parse("rmsprop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected sgd, momentum or adam, got 'rmsprop'");
  }

  private static Variable variable() {
    return new Variable("w", Tensor.of(W0, 3));
  }

  private static Tensor grad() {
    return Tensor.of(G, 3);
  }
}
