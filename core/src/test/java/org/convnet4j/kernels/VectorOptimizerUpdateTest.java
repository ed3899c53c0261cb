package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector Adam and momentum steps against {@link ReferenceKernels#adamUpdate} and {@link
 * ReferenceKernels#momentumUpdate}: the same operations in the same order, so the same bits, over
 * ranges that start and end inside vectors, with state that decays into the subnormal range; and
 * the flush of subnormal moments itself, worked by hand.
 */
class VectorOptimizerUpdateTest {

  @ParameterizedTest(name = "[{0}, {1}) of {2}")
  @CsvSource({"0, 1, 1", "0, 15, 15", "3, 40, 41", "16, 48, 64", "5, 1000, 1003"})
  void matchesTheReferenceToTheBit(int from, int to, int size) {
    SplittableRandom random = new SplittableRandom(size);
    float[] value = random(random, size);
    float[] m = random(random, size);
    float[] v = random(random, size);
    float[] gradient = random(random, size);
    for (int i = 0; i < size; i++) {
      v[i] = Math.abs(v[i]);
      // A third of the elements: a zero gradient and moments at the edge of the normal range,
      // which one step takes below it.
      if (i % 3 == 0) {
        gradient[i] = 0f;
        m[i] = Math.copySign(Float.MIN_NORMAL * 1.05f, m[i]);
        v[i] = Float.MIN_NORMAL * 1.0005f;
      }
    }
    float[][] expected = {value.clone(), m.clone(), v.clone()};
    float[][] actual = {value.clone(), m.clone(), v.clone()};
    REFERENCE.adamUpdate(expected[0], gradient, expected[1], expected[2], from, to, 0.9f, 0.1f,
        0.999f, 0.001f, 0.01f, 1e-7f);
    FAST.adamUpdate(actual[0], gradient, actual[1], actual[2], from, to, 0.9f, 0.1f, 0.999f,
        0.001f, 0.01f, 1e-7f);
    assertThat(actual[0]).as("value").containsExactly(expected[0]);
    assertThat(actual[1]).as("m").containsExactly(expected[1]);
    assertThat(actual[2]).as("v").containsExactly(expected[2]);
    for (int i = from; i < to; i++) {
      assertThat(Math.abs(actual[1][i]) == 0f || Math.abs(actual[1][i]) >= Float.MIN_NORMAL)
          .as("m[%d] = %s is zero or normal", i, actual[1][i])
          .isTrue();
    }
  }

  @ParameterizedTest(name = "[{0}, {1}) of {2}")
  @CsvSource({"0, 1, 1", "3, 40, 41", "5, 1000, 1003"})
  void momentumMatchesTheReferenceToTheBit(int from, int to, int size) {
    SplittableRandom random = new SplittableRandom(size + 1);
    float[] value = random(random, size);
    float[] accumulator = random(random, size);
    float[] gradient = random(random, size);
    for (int i = 0; i < size; i += 3) {
      gradient[i] = 0f;
      accumulator[i] = Math.copySign(Float.MIN_NORMAL * 1.05f, accumulator[i]);
    }
    float[][] expected = {value.clone(), accumulator.clone()};
    float[][] actual = {value.clone(), accumulator.clone()};
    REFERENCE.momentumUpdate(expected[0], gradient, expected[1], from, to, 0.9f, 0.01f);
    FAST.momentumUpdate(actual[0], gradient, actual[1], from, to, 0.9f, 0.01f);
    assertThat(actual[0]).as("value").containsExactly(expected[0]);
    assertThat(actual[1]).as("accumulator").containsExactly(expected[1]);
    for (int i = from; i < to; i++) {
      if (i % 3 == 0) {
        assertThat(actual[1][i]).as("accumulator[%d]", i).isZero();
      }
    }
  }

  @Test
  void momentsThatWouldTurnSubnormalBecomeZero() {
    for (Kernels kernels : new Kernels[] {REFERENCE, FAST}) {
      // 0.9 * 1.1 * 2^-126 and 0.999 * 1.0005 * 2^-126 are below 2^-126; 0.9 * 1.2 * 2^-126
      // is not.
      float[] m = {1.1f * Float.MIN_NORMAL, -1.1f * Float.MIN_NORMAL, 1.2f * Float.MIN_NORMAL};
      float[] v = {1.0005f * Float.MIN_NORMAL, 1f, 1f};
      float[] value = {1f, 1f, 1f};
      kernels.adamUpdate(value, new float[3], m, v, 0, 3, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f,
          1e-7f);
      assertThat(m).as("m, %s", kernels.getClass().getSimpleName())
          .containsExactly(0f, 0f, 0.9f * (1.2f * Float.MIN_NORMAL));
      assertThat(v[0]).as("v[0], %s", kernels.getClass().getSimpleName()).isZero();
    }
  }
}
