package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector convolution kernels against {@link ReferenceKernels} on random data. */
class VectorConvolutionTest {

  record Case(String name, Conv2dGeometry g) {
    static Case of(
        String name,
        int n,
        int h,
        int w,
        int cin,
        int kh,
        int kw,
        int cout,
        int strideH,
        int strideW,
        Padding padding) {
      return new Case(
          name, Conv2dGeometry.of(n, h, w, cin, kh, kw, cout, strideH, strideW, padding));
    }

    int terms() {
      return g.kh() * g.kw() * g.cin();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.of("tutorial conv1, 5x5x1x32 SAME", 3, 28, 28, 1, 5, 5, 32, 1, 1, Padding.SAME),
        Case.of("tutorial conv2, 5x5x32x64 SAME", 2, 14, 14, 32, 5, 5, 64, 1, 1, Padding.SAME),
        Case.of("one channel, row stride 2", 2, 9, 10, 1, 3, 4, 5, 2, 1, Padding.SAME),
        Case.of("one channel, column stride 2", 2, 9, 10, 1, 3, 4, 5, 1, 2, Padding.SAME),
        Case.of("long rows, SAME stride 2", 2, 11, 9, 16, 3, 3, 20, 2, 2, Padding.SAME),
        Case.of(
            "long rows, explicit asymmetric stride 3",
            1,
            7,
            8,
            15,
            3,
            3,
            7,
            1,
            3,
            Padding.explicit(2, 1, 0, 3)),
        Case.of("1x1 stride 1 unpadded", 3, 7, 5, 17, 1, 1, 33, 1, 1, Padding.VALID),
        Case.of("SAME stride 2 odd padding", 1, 9, 8, 3, 4, 3, 7, 2, 2, Padding.SAME),
        Case.of("VALID stride 3", 3, 13, 11, 5, 3, 2, 19, 3, 3, Padding.VALID),
        Case.of("window bigger than stride", 2, 10, 10, 2, 5, 5, 3, 2, 2, Padding.SAME),
        Case.of("all sizes 1", 1, 1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID),
        Case.of("prime channels", 1, 5, 7, 13, 3, 3, 37, 1, 1, Padding.SAME),
        Case.of("explicit asymmetric", 3, 6, 7, 4, 3, 3, 5, 1, 2, Padding.explicit(2, 1, 0, 3)),
        Case.of("strides 2 and 3", 2, 11, 9, 6, 3, 5, 16, 2, 3, Padding.SAME),
        Case.of("cout past two panels", 1, 4, 4, 3, 2, 2, 70, 1, 1, Padding.VALID),
        Case.of("batch of 11 over 8 parts", 11, 5, 5, 2, 3, 3, 4, 1, 1, Padding.SAME),
        Case.of("2000 rows over tiles", 5, 20, 20, 3, 3, 3, 9, 1, 1, Padding.SAME),
        Case.of("even filter SAME, stride 1", 2, 7, 6, 17, 4, 4, 9, 1, 1, Padding.SAME),
        Case.of("channels in whole panels, strides 2 and 3", 2, 11, 9, 64, 3, 5, 13, 2, 3,
            Padding.SAME),
        Case.of("channels in whole panels, VALID", 2, 5, 40, 32, 3, 3, 20, 1, 1, Padding.VALID),
        Case.of("channels in whole panels, 400 pixels an image", 1, 20, 20, 32, 3, 3, 5, 1, 1,
            Padding.SAME),
        Case.of("empty batch", 0, 5, 5, 32, 3, 3, 4, 1, 1, Padding.SAME),
        Case.of("runs longer than two blocks, packed", 1, 5, 7, 100, 2, 6, 9, 1, 1, Padding.SAME),
        Case.of("Winograd: odd output, SAME", 3, 15, 13, 16, 5, 5, 16, 1, 1, Padding.SAME),
        Case.of("Winograd: VALID, output past one panel", 4, 17, 16, 48, 5, 5, 48, 1, 1,
            Padding.VALID),
        Case.of("Winograd: explicit asymmetric, cout of 80", 2, 19, 21, 32, 5, 5, 80, 1, 1,
            Padding.explicit(3, 0, 1, 4)),
        Case.of("Winograd: images of one pixel", 128, 1, 1, 16, 5, 5, 32, 1, 1, Padding.SAME),
        Case.of("Winograd: image taller than one band", 1, 70, 41, 16, 5, 5, 16, 1, 1,
            Padding.SAME),
        Case.of("Winograd: 96 input channels, a row of V per point", 4, 12, 11, 96, 5, 5, 16, 1,
            1, Padding.SAME),
        Case.of("Winograd: 16x8 VALID outputs in whole tiles, the input read in place", 16, 20,
            12, 16, 5, 5, 16, 1, 1, Padding.VALID),
        // 3x3 stride 1 as Winograd, at least 128 tiles in the batch: F(6x6, 3x3) where its tiles
        // take fewer multiplications than F(4x4, 3x3)'s, else F(4x4, 3x3) (WinogradSizeTest).
        Case.of("Winograd F(6x6, 3x3): Keras' 30x30 VALID outputs, 25 whole tiles", 6, 32, 32, 32,
            3, 3, 32, 1, 1, Padding.VALID),
        Case.of("Winograd F(6x6, 3x3): prime sizes, 16 to 48", 7, 23, 29, 16, 3, 3, 48, 1, 1,
            Padding.SAME),
        Case.of("Winograd F(6x6, 3x3): one image taller than one band", 1, 70, 71, 16, 3, 3, 16, 1,
            1, Padding.SAME),
        Case.of("Winograd F(6x6, 3x3): explicit asymmetric", 8, 17, 11, 32, 3, 3, 16, 1, 1,
            Padding.explicit(2, 0, 1, 2)),
        Case.of("Winograd F(6x6, 3x3): 128 input channels, a row of V per point", 32, 11, 11, 128,
            3, 3, 16, 1, 1, Padding.SAME),
        Case.of("Winograd F(4x4, 3x3): VGG's 32 to 32 SAME, 64 tiles an image", 4, 32, 32, 32, 3,
            3, 32, 1, 1, Padding.SAME),
        Case.of("Winograd F(4x4, 3x3): 13x13 VALID outputs, last tiles 3 pixels out", 16, 15, 15,
            48, 3, 3, 16, 1, 1, Padding.VALID),
        Case.of("Winograd F(4x4, 3x3): VGG's 8x8, 64 to 128, three points a row of V", 32, 8, 8,
            64, 3, 3, 128, 1, 1, Padding.SAME),
        Case.of("Winograd F(4x4, 3x3): 8x8 VALID outputs, the input read in place", 32, 10, 10,
            16, 3, 3, 32, 1, 1, Padding.VALID),
        Case.of("Winograd F(4x4, 3x3): 7x9, last tiles 1 and 3 pixels past the edge", 32, 7, 9,
            32, 3, 3, 48, 1, 1, Padding.SAME),
        Case.of("Winograd F(4x4, 3x3): 96 input channels, a row of V per point", 128, 4, 4, 96, 3,
            3, 16, 1, 1, Padding.SAME),
        Case.of("Winograd F(4x4, 3x3): images of one pixel", 128, 1, 1, 16, 3, 3, 32, 1, 1,
            Padding.SAME),
        Case.of(
            "padding wider than the filter, stride 1",
            2, 5, 6, 16, 2, 3, 4, 1, 1, Padding.explicit(3, 0, 1, 4)),
        // The kernels networks written for Keras use most, each on the vector path (there is no
        // scalar fallback: every geometry is a GEMM over the im2col matrix, or Winograd for 3x3
        // and 5x5 stride 1 on enough tiles; these small batches take the GEMM paths).
        Case.of("3x3 SAME stride 1, colour input", 3, 32, 32, 3, 3, 3, 32, 1, 1, Padding.SAME),
        Case.of("3x3 VALID stride 1, 32 to 32 (Keras' CIFAR-10 conv2)", 2, 30, 30, 32, 3, 3, 32, 1,
            1, Padding.VALID),
        Case.of("3x3 SAME stride 1, 64 to 64", 2, 15, 15, 64, 3, 3, 64, 1, 1, Padding.SAME),
        Case.of("3x3 SAME stride 1, many channels, 128 to 96", 1, 8, 8, 128, 3, 3, 96, 1, 1,
            Padding.SAME),
        Case.of("3x3 SAME stride 2, 32 to 64", 2, 17, 16, 32, 3, 3, 64, 2, 2, Padding.SAME),
        Case.of("3x3 explicit padding 1 stride 2, few channels", 2, 11, 12, 5, 3, 3, 7, 2, 2,
            Padding.explicit(1)),
        Case.of("1x1 stride 1, 64 to 32", 2, 9, 9, 64, 1, 1, 32, 1, 1, Padding.SAME),
        Case.of("1x1 stride 2, a projection shortcut", 2, 10, 9, 32, 1, 1, 48, 2, 2, Padding.VALID),
        Case.of("7x7 SAME stride 2, a ResNet stem", 2, 32, 30, 3, 7, 7, 64, 2, 2, Padding.SAME),
        Case.of("7x7 explicit padding 3 stride 2, 16 channels", 1, 13, 13, 16, 7, 7, 8, 2, 2,
            Padding.explicit(3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, c.g().inputSize());
    float[] filter = random(random, c.g().filterSize());
    float[] expected = new float[c.g().outputSize()];
    float[] actual = new float[c.g().outputSize()];
    REFERENCE.conv2d(input, filter, expected, c.g());
    FAST.conv2d(input, filter, actual, c.g());
    assertClose(expected, actual, c.terms(), "conv2d");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 1);
    float[] input = random(random, c.g().inputSize());
    float[] filter = random(random, c.g().filterSize());
    float[] bias = random(random, c.g().cout());
    float[] expected = new float[c.g().outputSize()];
    float[] actual = new float[c.g().outputSize()];
    REFERENCE.conv2dBiasRelu(input, filter, bias, true, expected, c.g());
    FAST.conv2dBiasRelu(input, filter, bias, true, actual, c.g());
    assertClose(expected, actual, c.terms() + 1, "conv2dBiasRelu");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardInputMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 2);
    float[] dOut = random(random, c.g().outputSize());
    float[] filter = random(random, c.g().filterSize());
    float[] expected = new float[c.g().inputSize()];
    float[] actual = new float[c.g().inputSize()];
    REFERENCE.conv2dBackwardInput(dOut, filter, expected, c.g());
    FAST.conv2dBackwardInput(dOut, filter, actual, c.g());
    assertClose(expected, actual, c.terms() * c.g().cout(), "conv2dBackwardInput");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardFilterMatchesReference(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 3);
    float[] input = random(random, c.g().inputSize());
    float[] dOut = random(random, c.g().outputSize());
    float[] expected = new float[c.g().filterSize()];
    float[] actual = new float[c.g().filterSize()];
    REFERENCE.conv2dBackwardFilter(input, dOut, expected, c.g());
    FAST.conv2dBackwardFilter(input, dOut, actual, c.g());
    assertClose(expected, actual, c.g().n() * c.g().oh() * c.g().ow(), "conv2dBackwardFilter");
  }

  static Stream<Case> winogradCases() {
    return cases().filter(c -> c.name().startsWith("Winograd"));
  }

  // The cases above hold Winograd to the direct kernels' tolerance, per element. Its rounding as
  // WinogradConvolution documents it, against the reference's double sums: the largest error at
  // most 2e-5 of the largest value, twice the worst measured on the networks' 3x3 layers (1.0e-5;
  // the direct kernels: 1.6e-6).
  @ParameterizedTest(name = "{0}")
  @MethodSource("winogradCases")
  void winogradErrorIsAtMostTwoHundredThousandthsOfTheLargestValue(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 4);
    Conv2dGeometry g = c.g();
    float[] input = random(random, g.inputSize());
    float[] filter = random(random, g.filterSize());
    float[] dOut = random(random, g.outputSize());
    float[][] out = {new float[g.outputSize()], new float[g.outputSize()]};
    float[][] dInput = {new float[g.inputSize()], new float[g.inputSize()]};
    float[][] dFilter = {new float[g.filterSize()], new float[g.filterSize()]};
    Kernels[] kernels = {REFERENCE, FAST};
    for (int k = 0; k < 2; k++) {
      kernels[k].conv2d(input, filter, out[k], g);
      kernels[k].conv2dBackwardInput(dOut, filter, dInput[k], g);
      kernels[k].conv2dBackwardFilter(input, dOut, dFilter[k], g);
    }
    assertThat(largestRelativeError(out)).as("conv2d").isLessThanOrEqualTo(2e-5);
    assertThat(largestRelativeError(dInput)).as("conv2dBackwardInput").isLessThanOrEqualTo(2e-5);
    assertThat(largestRelativeError(dFilter))
        .as("conv2dBackwardFilter")
        .isLessThanOrEqualTo(2e-5);
  }

  // max |fast - reference| / max |reference| for {reference, fast}.
  private static double largestRelativeError(float[][] referenceAndFast) {
    double largest = 0;
    double error = 0;
    for (int i = 0; i < referenceAndFast[0].length; i++) {
      largest = Math.max(largest, Math.abs(referenceAndFast[0][i]));
      error = Math.max(error, Math.abs(referenceAndFast[1][i] - referenceAndFast[0][i]));
    }
    return error / largest;
  }

  // Packing gathers rows through per-thread index maps; a map left over from a larger
  // convolution must not reach outside a smaller one's input on a block's unused lanes.
  @Test
  void forwardAfterALargerConvolutionOnTheSameThreadMatchesReference() {
    Case large = Case.of("large", 2, 14, 14, 32, 5, 5, 64, 1, 1, Padding.SAME);
    Case small = Case.of("small, 9 rows, unpadded", 1, 5, 5, 16, 3, 3, 8, 1, 1, Padding.VALID);
    FAST.conv2d(
        new float[large.g().inputSize()],
        new float[large.g().filterSize()],
        new float[large.g().outputSize()],
        large.g());
    SplittableRandom random = new SplittableRandom(7);
    float[] input = random(random, small.g().inputSize());
    float[] filter = random(random, small.g().filterSize());
    float[] expected = new float[small.g().outputSize()];
    float[] actual = new float[small.g().outputSize()];
    REFERENCE.conv2d(input, filter, expected, small.g());
    FAST.conv2d(input, filter, actual, small.g());
    assertClose(expected, actual, small.terms(), "conv2d");
  }
}
