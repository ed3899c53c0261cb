package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Initializers against their definitions (Keras' {@code initializers} documentation): sample
 * moments of 40,000 seeded draws, whose standard error is below 1% of the stddev.
 */
class InitializerTest {

  private static final int FAN_IN = 800; // a 5x5x32 kernel
  private static final int FAN_OUT = 1600; // 5x5x64

  @Test
  void zerosAreZeros() {
    float[] v = draw(Initializer.zeros());
    assertThat(v).containsOnly(0f);
  }

  @Test
  void randomNormalHasTheGivenMeanAndStddev() {
    float[] v = draw(Initializer.randomNormal(0.5f, 2f));
    assertThat(mean(v)).isCloseTo(0.5, within(0.05));
    assertThat(stddev(v)).isCloseTo(2.0, within(0.04));
  }

  @Test
  void truncatedNormalStaysWithinTwoStddevs() {
    float[] v = draw(Initializer.truncatedNormal(0.1f));
    for (float x : v) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo(0.2f);
    }
    // A normal truncated at ±2 sigma keeps 0.8796 of its stddev.
    assertThat(stddev(v)).isCloseTo(0.1 * 0.8796, within(0.002));
  }

  @Test
  void glorotUniformStaysWithinItsLimitAndHasItsVariance() {
    double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT)); // 0.04899
    float[] v = draw(Initializer.glorotUniform());
    for (float x : v) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo((float) limit);
    }
    // Uniform on [-L, L] has variance L^2 / 3 = 2 / (fanIn + fanOut).
    assertThat(stddev(v)).isCloseTo(Math.sqrt(2.0 / (FAN_IN + FAN_OUT)), within(0.0005));
  }

  @Test
  void heNormalHasStddevSqrtTwoOverFanInAfterTruncation() {
    float[] v = draw(Initializer.heNormal());
    double expected = Math.sqrt(2.0 / FAN_IN); // 0.05
    assertThat(mean(v)).isCloseTo(0, within(0.001));
    assertThat(stddev(v)).isCloseTo(expected, within(0.0006));
    for (float x : v) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo((float) (2 * expected / 0.8796) + 1e-6f);
    }
  }

  private static float[] draw(Initializer init) {
    return init.initialize(new SplittableRandom(11), FAN_IN, FAN_OUT, 200, 200).toFloatArray();
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double stddev(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
