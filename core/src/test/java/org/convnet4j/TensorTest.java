package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void ofCopiesTheDataAndKeepsTheShape() {
    float[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 2, 3);
    data[0] = 99;
    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.rank()).isEqualTo(2);
    assertThat(t.size()).isEqualTo(6);
    assertThat(t.dim(-1)).isEqualTo(3);
    assertThat(t.get(1, 2)).isEqualTo(6f);
    assertThat(t.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void isImmutableToUsers() {
    Tensor t = Tensor.of(new float[] {1, 2}, 2);
    t.toFloatArray()[0] = 99;
    t.shape()[0] = 5;
    assertThat(t.toFloatArray()).containsExactly(1, 2);
    assertThat(t.shape()).containsExactly(2);
  }

  @Test
  void zerosOnesFillAndScalar() {
    assertThat(Tensor.zeros(2, 2).toFloatArray()).containsOnly(0f).hasSize(4);
    assertThat(Tensor.ones(3).toFloatArray()).containsExactly(1, 1, 1);
    assertThat(Tensor.fill(2.5f, 1, 2).toFloatArray()).containsExactly(2.5f, 2.5f);
    Tensor s = Tensor.scalar(4f);
    assertThat(s.shape()).isEmpty();
    assertThat(s.item()).isEqualTo(4f);
  }

  @Test
  void reshapeInfersOneDimensionAndSharesNothingVisible() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(t.reshape(3, -1).shape()).containsExactly(3, 2);
    assertThat(t.reshape(6).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(t.shape()).containsExactly(2, 3);
  }

  @Test
  void badShapesAreErrors() {
    assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor.of: shape [2, 3] holds 6 values but 5 were given");
    assertThatThrownBy(() -> Tensor.zeros(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor.zeros: every dimension must be at least 1, got shape [2, 0]");
    assertThatThrownBy(() -> Tensor.ones(2, 3).reshape(4, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tensor.ones(2, 3).item()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tensor.ones(2, 3).get(2, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void randomTensorsAreReproducibleFromTheirSeed() {
    assertThat(Tensor.randomNormal(5, 0f, 1f, 10).toFloatArray())
        .containsExactly(Tensor.randomNormal(5, 0f, 1f, 10).toFloatArray())
        .isNotEqualTo(Tensor.randomNormal(6, 0f, 1f, 10).toFloatArray());
  }

  @Test
  void randomNormalHasTheAskedMeanAndStandardDeviation() {
    float[] v = Tensor.randomNormal(1, 3f, 2f, 100_000).toFloatArray();
    assertThat(mean(v)).isCloseTo(3.0, within(0.03)); // 5 standard errors: 5 * 2 / sqrt(1e5)
    assertThat(std(v)).isCloseTo(2.0, within(0.03));
  }

  // TensorFlow's truncated_normal redraws beyond two standard deviations; the standard deviation
  // of what is left is 0.8796 of the asked one (the truncated normal's variance).
  @Test
  void truncatedNormalStaysWithinTwoStandardDeviations() {
    float[] v = Tensor.truncatedNormal(1, 0f, 0.1f, 100_000).toFloatArray();
    for (float x : v) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo(0.2f);
    }
    assertThat(mean(v)).isCloseTo(0.0, within(0.002));
    assertThat(std(v)).isCloseTo(0.08796, within(0.001));
  }

  @Test
  void randomUniformStaysInItsInterval() {
    float[] v = Tensor.randomUniform(1, -1f, 3f, 10_000).toFloatArray();
    for (float x : v) {
      assertThat(x).isGreaterThanOrEqualTo(-1f).isLessThan(3f);
    }
    assertThat(mean(v)).isCloseTo(1.0, within(0.06));
    assertThatThrownBy(() -> Tensor.randomUniform(1, 1f, 1f, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsShapeAndFirstValues() {
    assertThat(Tensor.of(new float[] {1, 2}, 2).toString()).isEqualTo("Tensor[2] [1.0, 2.0]");
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
