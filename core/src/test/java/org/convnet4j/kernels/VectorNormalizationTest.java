package org.convnet4j.kernels;

import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.RestoreThreadCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector batch-normalization kernels against {@link ReferenceKernels} on random data, and the
 * same bits on any number of threads.
 */
@ExtendWith(RestoreThreadCount.class)
class VectorNormalizationTest {

  record Case(String name, int rows, int channels) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one row", 1, 16),
        new Case("one channel", 37, 1),
        new Case("3 channels, fewer than a vector", 50, 3),
        new Case("17 channels, a vector and one", 33, 17),
        new Case("dense layer, 128 x 512", 128, 512),
        new Case("after conv1: 128 images of 28x28, 32 channels, many blocks", 128 * 28 * 28, 32),
        new Case("33 channels over several blocks", 2_500, 33),
        new Case("7 rows of 7", 7, 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void momentsMatchTheReference(Case c) {
    // An offset of 3 makes the mean large next to the spread, where E[x^2] - mean^2 would fail.
    float[] x = random(new SplittableRandom(c.name().hashCode()), c.rows() * c.channels());
    for (int i = 0; i < x.length; i++) {
      x[i] += 3f;
    }
    float[] expectedMean = new float[c.channels()];
    float[] expectedVariance = new float[c.channels()];
    float[] mean = new float[c.channels()];
    float[] variance = new float[c.channels()];
    REFERENCE.moments(x, c.rows(), c.channels(), expectedMean, expectedVariance);
    FAST.moments(x, c.rows(), c.channels(), mean, variance);
    assertClose(expectedMean, mean, c.rows(), "mean");
    assertClose(expectedVariance, variance, c.rows(), "variance");
  }

  // Each kernel without and with the ReLU fused after the normalization.
  static Stream<Arguments> casesWithAndWithoutRelu() {
    return cases().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  @ParameterizedTest(name = "{0}, relu {1}")
  @MethodSource("casesWithAndWithoutRelu")
  void scaleShiftMatchesTheReference(Case c, boolean relu) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 1);
    float[] x = random(random, c.rows() * c.channels());
    float[] scale = random(random, c.channels());
    float[] shift = random(random, c.channels());
    float[] expected = new float[x.length];
    float[] actual = new float[x.length];
    REFERENCE.scaleShift(x, c.rows(), c.channels(), scale, shift, relu, expected);
    FAST.scaleShift(x, c.rows(), c.channels(), scale, shift, relu, actual);
    // One fused multiply-add each, rounded once: the same values (a ReLU's zero may keep the sign
    // of the negative value it replaced, as x86's max does).
    for (int i = 0; i < x.length; i++) {
      if (actual[i] != expected[i]) {
        assertThat(actual[i]).as("scaleShift[%d]", i).isEqualTo(expected[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0}, relu {1}")
  @MethodSource("casesWithAndWithoutRelu")
  void gradientSumsMatchTheReference(Case c, boolean relu) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 2);
    float[] dOut = random(random, c.rows() * c.channels());
    float[] x = random(random, c.rows() * c.channels());
    float[] mean = random(random, c.channels());
    float[] reluScale = relu ? random(random, c.channels()) : null;
    float[] reluShift = relu ? random(random, c.channels()) : null;
    float[] expectedSum = new float[c.channels()];
    float[] expectedCentered = new float[c.channels()];
    float[] sum = new float[c.channels()];
    float[] centered = new float[c.channels()];
    REFERENCE.batchNormSums(dOut, x, mean, reluScale, reluShift, c.rows(), c.channels(),
        expectedSum, expectedCentered);
    FAST.batchNormSums(dOut, x, mean, reluScale, reluShift, c.rows(), c.channels(), sum,
        centered);
    assertClose(expectedSum, sum, c.rows(), "sum of dOut");
    assertClose(expectedCentered, centered, 2 * c.rows(), "sum of dOut * (x - mean)");
  }

  @ParameterizedTest(name = "{0}, relu {1}")
  @MethodSource("casesWithAndWithoutRelu")
  void backwardInputMatchesTheReference(Case c, boolean relu) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 3);
    float[] dOut = random(random, c.rows() * c.channels());
    float[] x = random(random, c.rows() * c.channels());
    float[] reluScale = relu ? random(random, c.channels()) : null;
    float[] reluShift = relu ? random(random, c.channels()) : null;
    float[] dOutScale = random(random, c.channels());
    float[] xScale = random(random, c.channels());
    float[] shift = random(random, c.channels());
    float[] expected = new float[x.length];
    float[] actual = new float[x.length];
    REFERENCE.batchNormBackwardInput(dOut, x, reluScale, reluShift, c.rows(), c.channels(),
        dOutScale, xScale, shift, expected);
    FAST.batchNormBackwardInput(dOut, x, reluScale, reluShift, c.rows(), c.channels(),
        dOutScale, xScale, shift, actual);
    assertClose(expected, actual, 3, "batchNormBackwardInput");
  }

  @Test
  void theReluMaskIsTheForwardPassesPositiveOutputs() {
    // Where scaleShift with its ReLU put out 0, the masked sums and input gradient see no dOut.
    SplittableRandom random = new SplittableRandom(17);
    int rows = 300;
    int channels = 19;
    float[] x = random(random, rows * channels);
    float[] scale = random(random, channels);
    float[] shift = random(random, channels);
    float[] dOut = random(random, rows * channels);
    float[] y = new float[x.length];
    FAST.scaleShift(x, rows, channels, scale, shift, true, y);
    float[] masked = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      masked[i] = y[i] > 0 ? dOut[i] : 0f;
    }
    float[] zeros = new float[channels];
    float[] mean = random(random, channels);
    float[][] withMask = new float[3][];
    float[][] premasked = new float[3][];
    for (float[][] results : new float[][][] {withMask, premasked}) {
      boolean fused = results == withMask;
      results[0] = new float[channels];
      results[1] = new float[channels];
      results[2] = new float[x.length];
      FAST.batchNormSums(fused ? dOut : masked, x, mean, fused ? scale : null,
          fused ? shift : null, rows, channels, results[0], results[1]);
      FAST.batchNormBackwardInput(fused ? dOut : masked, x, fused ? scale : null,
          fused ? shift : null, rows, channels, scale, zeros, zeros, results[2]);
    }
    assertThat(withMask).isDeepEqualTo(premasked);
  }

  @Test
  void sumsAreTheSameBitsOnAnyNumberOfThreads() {
    // 5,000 rows of 33 channels: several blocks of rows, summed in block order.
    int rows = 5_000;
    int channels = 33;
    SplittableRandom random = new SplittableRandom(90);
    float[] x = random(random, rows * channels);
    float[] dOut = random(random, rows * channels);
    float[][] first = null;
    for (int threads = 1; threads <= 3; threads++) {
      Parallelism.setThreads(threads);
      float[][] results = new float[4][channels];
      FAST.moments(x, rows, channels, results[0], results[1]);
      FAST.batchNormSums(dOut, x, results[0], null, null, rows, channels, results[2],
          results[3]);
      if (first == null) {
        first = results;
      }
      assertThat(results).as("%d threads", threads).isDeepEqualTo(first);
    }
  }
}
