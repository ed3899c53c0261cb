package org.convnet4j.kernels;

import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector batch-normalization kernels against {@link ReferenceKernels} on random data. */
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scaleShiftMatchesTheReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 1);
    float[] x = random(random, c.rows() * c.channels());
    float[] scale = random(random, c.channels());
    float[] shift = random(random, c.channels());
    float[] expected = new float[x.length];
    float[] actual = new float[x.length];
    REFERENCE.scaleShift(x, c.rows(), c.channels(), scale, shift, expected);
    FAST.scaleShift(x, c.rows(), c.channels(), scale, shift, actual);
    assertClose(expected, actual, 2, "scaleShift");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientSumsMatchTheReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 2);
    float[] dOut = random(random, c.rows() * c.channels());
    float[] x = random(random, c.rows() * c.channels());
    float[] mean = random(random, c.channels());
    float[] expectedSum = new float[c.channels()];
    float[] expectedCentered = new float[c.channels()];
    float[] sum = new float[c.channels()];
    float[] centered = new float[c.channels()];
    REFERENCE.batchNormSums(dOut, x, mean, c.rows(), c.channels(), expectedSum, expectedCentered);
    FAST.batchNormSums(dOut, x, mean, c.rows(), c.channels(), sum, centered);
    assertClose(expectedSum, sum, c.rows(), "sum of dOut");
    assertClose(expectedCentered, centered, 2 * c.rows(), "sum of dOut * (x - mean)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardInputMatchesTheReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 3);
    float[] dOut = random(random, c.rows() * c.channels());
    float[] x = random(random, c.rows() * c.channels());
    float[] dOutScale = random(random, c.channels());
    float[] xScale = random(random, c.channels());
    float[] shift = random(random, c.channels());
    float[] expected = new float[x.length];
    float[] actual = new float[x.length];
    REFERENCE.batchNormBackwardInput(dOut, x, c.rows(), c.channels(), dOutScale, xScale, shift,
        expected);
    FAST.batchNormBackwardInput(dOut, x, c.rows(), c.channels(), dOutScale, xScale, shift,
        actual);
    assertClose(expected, actual, 3, "batchNormBackwardInput");
  }
}
