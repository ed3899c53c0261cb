package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The gradient checker must fail when a gradient is wrong, or its passes mean nothing. */
class GradientCheckerTest {

  // x * stop(x), where stop(x) is a copy the tape cannot see: the tape's gradient is x, the true
  // derivative of x^2 is 2x.
  @Test
  void failsWhenTheTapeMissesADependency() {
    Tensor x = Tensor.randomUniform(1, 0.5f, 1f, 2, 3);
    assertThatThrownBy(() -> GradientChecker.check("x * stop(x)",
            v -> Ops.multiply(v[0], Tensor.of(v[0].toFloatArray(), v[0].shape())), x))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("x * stop(x): input 0, element 0");
  }

  @Test
  void failsWhenOneElementIsFivePercentOff() {
    Tensor input = Tensor.randomUniform(2, -1f, 1f, 1, 4, 4, 2);
    Tensor filter = Tensor.randomUniform(3, -1f, 1f, 3, 3, 2, 2);
    Tensor weights = Tensor.randomUniform(4, -1f, 1f, 1, 2, 2, 2);
    java.util.function.Function<Tensor[], Tensor> conv =
        v -> Ops.conv2d(v[0], v[1], new int[] {1, 2, 2, 1}, Padding.SAME);
    float[][] analytic = GradientChecker.analytic(conv, weights, input, filter);
    double[][] numeric = GradientChecker.numeric(conv, weights, input, filter);
    assertThatCode(() -> GradientChecker.compare("conv2d", analytic, numeric))
        .doesNotThrowAnyException();

    int worst = 0;
    for (int k = 0; k < analytic[1].length; k++) {
      if (Math.abs(analytic[1][k]) > Math.abs(analytic[1][worst])) {
        worst = k;
      }
    }
    analytic[1][worst] *= 1.05f;
    assertThatThrownBy(() -> GradientChecker.compare("conv2d", analytic, numeric))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("input 1, element " + worst);
  }

  @Test
  void failsWhenAGradientHasTheWrongSize() {
    assertThatThrownBy(() -> GradientChecker.compare("op",
            new float[][] {{1f, 2f}}, new double[][] {{1, 2, 3}}))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2 elements, expected 3");
  }
}
