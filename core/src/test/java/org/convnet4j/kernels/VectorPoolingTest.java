package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.tensor.Pool2dGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector pooling kernels against {@link ReferenceKernels} on random data. */
class VectorPoolingTest {

  record Case(String name, Pool2dGeometry g) {
    static Case of(
        String name,
        int n,
        int h,
        int w,
        int c,
        int kh,
        int kw,
        int strideH,
        int strideW,
        Padding padding) {
      return new Case(name, Pool2dGeometry.of(n, h, w, c, kh, kw, strideH, strideW, padding));
    }

    /** Global pooling, one window over each whole image. */
    static Case global(String name, int n, int h, int w, int c) {
      return new Case("global " + name, Pool2dGeometry.global(n, h, w, c));
    }

    int windowCells() {
      return g.kh() * g.kw();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.of("tutorial 2x2 stride 2 SAME", 3, 28, 28, 32, 2, 2, 2, 2, Padding.SAME),
        Case.of("SAME stride 2 odd sizes", 2, 7, 9, 17, 3, 3, 2, 2, Padding.SAME),
        Case.of("VALID stride 3", 1, 10, 11, 5, 3, 3, 3, 3, Padding.VALID),
        Case.of("window bigger than stride", 2, 8, 8, 33, 3, 3, 1, 1, Padding.SAME),
        Case.of("all sizes 1", 1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID),
        Case.of("explicit asymmetric", 3, 5, 6, 3, 2, 3, 2, 1, Padding.explicit(1, 0, 1, 2)),
        Case.of("tiling windows clipped at the bottom", 2, 7, 9, 19, 2, 2, 2, 2, Padding.SAME),
        Case.of("tiling over explicit padding", 2, 6, 6, 48, 2, 2, 2, 2, Padding.explicit(1)),
        Case.of("stride past the window leaves gaps", 2, 11, 8, 31, 2, 2, 3, 3, Padding.VALID),
        Case.of("tutorial pool2 14x14x64", 2, 14, 14, 64, 2, 2, 2, 2, Padding.SAME),
        Case.of("2x2 VALID on odd sizes: last row and column unused", 2, 7, 9, 32, 2, 2, 2, 2,
            Padding.VALID),
        Case.global("7x7x64, after a CIFAR-style network", 3, 7, 7, 64),
        Case.global("odd 5x9, 17 channels (a vector and one)", 2, 5, 9, 17),
        Case.global("one pixel, 33 channels", 4, 1, 1, 33),
        Case.global("one channel, a tall image", 2, 13, 1, 1),
        Case.global("32x32x3, fewer channels than a vector", 5, 32, 32, 3),
        Case.global("11x6, 48 channels, batch of 7", 7, 11, 6, 48));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolMatchesReferenceWithArgmax(Case c) {
    float[] input = random(new SplittableRandom(c.name().hashCode()), c.g().inputSize());
    float[] expected = new float[c.g().outputSize()];
    float[] actual = new float[c.g().outputSize()];
    int[] expectedArgmax = new int[c.g().outputSize()];
    int[] actualArgmax = new int[c.g().outputSize()];
    REFERENCE.maxPool(input, expected, expectedArgmax, c.g());
    FAST.maxPool(input, actual, actualArgmax, c.g());
    assertThat(actual).isEqualTo(expected);
    assertThat(actualArgmax).isEqualTo(expectedArgmax);
  }

  // Inference passes no argmax: the same outputs, ties and signed zeros included (values drawn
  // from -1, -0, 0 and 1, so most windows hold several maxima).
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolWithoutArgmaxGivesTheSameOutputs(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 2);
    float[] values = {-1f, -0f, 0f, 1f};
    float[] input = new float[c.g().inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = values[random.nextInt(values.length)];
    }
    float[] expected = new float[c.g().outputSize()];
    REFERENCE.maxPool(input, expected, new int[c.g().outputSize()], c.g());
    float[] reference = new float[c.g().outputSize()];
    REFERENCE.maxPool(input, reference, null, c.g());
    float[] withArgmax = new float[c.g().outputSize()];
    FAST.maxPool(input, withArgmax, new int[c.g().outputSize()], c.g());
    float[] without = new float[c.g().outputSize()];
    FAST.maxPool(input, without, null, c.g());
    assertThat(reference).as("reference without argmax").isEqualTo(expected);
    assertThat(withArgmax).as("vector kernels with argmax").isEqualTo(expected);
    assertThat(without).as("vector kernels without argmax").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolBackwardMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 1);
    float[] input = random(random, c.g().inputSize());
    float[] dOut = random(random, c.g().outputSize());
    int[] argmax = new int[c.g().outputSize()];
    REFERENCE.maxPool(input, new float[c.g().outputSize()], argmax, c.g());
    float[] expected = new float[c.g().inputSize()];
    float[] actual = new float[c.g().inputSize()];
    // Stale contents: the kernel must overwrite every cell, the ones no window covers too.
    Arrays.fill(actual, Float.NaN);
    REFERENCE.maxPoolBackward(argmax, dOut, expected, c.g());
    FAST.maxPoolBackward(argmax, dOut, actual, c.g());
    assertClose(expected, actual, c.windowCells(), "maxPoolBackward");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maxPoolBiasReluBackwardMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 4);
    // A ReLU's output: about half the cells zero, so some windows' maxima are zero too.
    float[] input = random(random, c.g().inputSize());
    for (int i = 0; i < input.length; i++) {
      input[i] = Math.max(input[i], 0f);
    }
    float[] dOut = random(random, c.g().outputSize());
    float[] pooled = new float[c.g().outputSize()];
    int[] argmax = new int[c.g().outputSize()];
    REFERENCE.maxPool(input, pooled, argmax, c.g());
    float[] expected = new float[c.g().inputSize()];
    float[] expectedBias = new float[c.g().c()];
    REFERENCE.maxPoolBiasReluBackward(argmax, dOut, pooled, expected, expectedBias, c.g());
    for (boolean withBias : new boolean[] {true, false}) {
      float[] actual = new float[c.g().inputSize()];
      float[] actualBias = withBias ? new float[c.g().c()] : null;
      Arrays.fill(actual, Float.NaN);
      FAST.maxPoolBiasReluBackward(argmax, dOut, pooled, actual, actualBias, c.g());
      assertClose(expected, actual, c.windowCells(), "maxPoolBiasReluBackward dz");
      if (withBias) {
        assertClose(expectedBias, actualBias, c.g().inputSize() / c.g().c(),
            "maxPoolBiasReluBackward dBias");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void avgPoolMatchesReference(Case c) {
    float[] input = random(new SplittableRandom(c.name().hashCode() + 2), c.g().inputSize());
    float[] expected = new float[c.g().outputSize()];
    float[] actual = new float[c.g().outputSize()];
    REFERENCE.avgPool(input, expected, c.g());
    FAST.avgPool(input, actual, c.g());
    assertClose(expected, actual, c.windowCells(), "avgPool");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void avgPoolBackwardMatchesReference(Case c) {
    float[] dOut = random(new SplittableRandom(c.name().hashCode() + 3), c.g().outputSize());
    float[] expected = new float[c.g().inputSize()];
    float[] actual = new float[c.g().inputSize()];
    REFERENCE.avgPoolBackward(dOut, expected, c.g());
    FAST.avgPoolBackward(dOut, actual, c.g());
    assertClose(expected, actual, c.windowCells(), "avgPoolBackward");
  }

  @Test
  void maxPoolTiesPickTheFirstCellInWindowOrderLikeTheReference() {
    Pool2dGeometry g = Pool2dGeometry.of(1, 4, 4, 19, 2, 2, 2, 2, Padding.VALID);
    float[] input = new float[g.inputSize()];
    Arrays.fill(input, 0.5f);
    int[] expected = new int[g.outputSize()];
    int[] actual = new int[g.outputSize()];
    REFERENCE.maxPool(input, new float[g.outputSize()], expected, g);
    FAST.maxPool(input, new float[g.outputSize()], actual, g);
    assertThat(actual).isEqualTo(expected);
  }
}
