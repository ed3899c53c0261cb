package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.assertSameBitsOnAnyThreadCount;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.RestoreThreadCount;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.kernels.ReferenceKernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SingleChannelConvolution} against {@code ReferenceKernels.conv2d} (then the bias and ReLU
 * by hand) and {@code conv2dBackwardFilter} on geometries it takes (each case checks that it
 * does), on one and two threads, and for images taken from the middle of a batch.
 */
@ExtendWith(RestoreThreadCount.class)
class SingleChannelConvolutionTest {

  private static final int LANES = MicroKernel.LANES;

  record Case(String name, Conv2dGeometry g, boolean bias, boolean relu) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case of(
      String name, int n, int h, int w, int kh, int kw, int cout, Padding padding) {
    return new Case(name, Conv2dGeometry.of(n, h, w, 1, kh, kw, cout, 1, 1, padding), true, true);
  }

  static Stream<Case> cases() {
    return Stream.of(
        of("tutorial conv1, 5x5x1x32 SAME", 3, 28, 28, 5, 5, 2 * LANES, Padding.SAME),
        of("3x3 SAME (Keras' MNIST example)", 2, 28, 28, 3, 3, 2 * LANES, Padding.SAME),
        of("one image, its rows in bands", 1, 28, 28, 5, 5, 2 * LANES, Padding.SAME),
        of("rows of 17: the last block overlaps", 2, 9, 17, 5, 5, 2 * LANES, Padding.SAME),
        of("rows of exactly one block, VALID", 2, 6, 18, 5, 5, LANES, Padding.VALID),
        of("rows of 29, three vectors of channels", 1, 5, 29, 3, 3, 3 * LANES, Padding.SAME),
        of("1x1", 2, 3, 15, 1, 1, 2 * LANES, Padding.VALID),
        of("even filter SAME, 4x4", 2, 7, 20, 4, 4, 2 * LANES, Padding.SAME),
        of("7 filter rows, 2 columns", 1, 9, 16, 7, 2, 4 * LANES, Padding.SAME),
        of("one output row", 3, 5, 16, 5, 3, 2 * LANES, Padding.VALID),
        of("explicit asymmetric padding", 2, 6, 11, 3, 5, 2 * LANES,
            Padding.explicit(2, 0, 7, 1)),
        of("empty batch", 0, 28, 28, 5, 5, 2 * LANES, Padding.SAME),
        new Case("no bias, no ReLU", Conv2dGeometry.of(2, 8, 19, 1, 3, 3, LANES, 1, 1,
            Padding.SAME), false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheReferenceOnOneAndTwoThreads(Case c) {
    Conv2dGeometry g = c.g();
    assertThat(SingleChannelConvolution.fits(g)).as("takes the case").isTrue();
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, g.inputSize());
    float[] filter = random(random, g.filterSize());
    float[] bias = c.bias() ? random(random, g.cout()) : null;
    float[] expected = reference(input, filter, bias, c.relu(), g);
    for (int threads : new int[] {1, 2}) {
      Parallelism.setThreads(threads);
      float[] actual = new float[g.outputSize()];
      SingleChannelConvolution.prepare(filter, g).forward(input, 0, bias, c.relu(), actual, g);
      assertClose(expected, actual, g.kh() * g.kw() * g.cin(), "out on " + threads + " threads");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filterGradientMatchesTheReference(Case c) {
    Conv2dGeometry g = c.g();
    if (g.cout() % (2 * LANES) != 0) {
      assertThat(SingleChannelConvolution.fitsFilterGradient(g)).as("declines").isFalse();
      return;
    }
    assertThat(SingleChannelConvolution.fitsFilterGradient(g)).as("takes the case").isTrue();
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, g.inputSize());
    float[] dOut = random(random, g.outputSize());
    float[] expected = new float[g.filterSize()];
    new ReferenceKernels().conv2dBackwardFilter(input, dOut, expected, g);
    float[] actual = new float[g.filterSize()];
    SingleChannelConvolution.backwardFilter(input, dOut, actual, g);
    assertClose(expected, actual, g.n() * g.oh() * g.ow(), "dFilter");
  }

  @Test
  void imagesFromTheMiddleOfABatch() {
    Conv2dGeometry g = Conv2dGeometry.of(5, 10, 15, 1, 3, 3, LANES, 1, 1, Padding.SAME);
    SplittableRandom random = new SplittableRandom(7);
    float[] input = random(random, g.inputSize());
    float[] filter = random(random, g.filterSize());
    float[] bias = random(random, g.cout());
    float[] whole = reference(input, filter, bias, true, g);
    int imageOut = g.outputSize() / g.n();
    float[] part = new float[2 * imageOut];
    SingleChannelConvolution.prepare(filter, g).forward(input, 2, bias, true, part, g.withBatch(2));
    float[] expected = Arrays.copyOfRange(whole, 2 * imageOut, 4 * imageOut);
    assertClose(expected, part, g.kh() * g.kw() * g.cin(), "images 2 and 3");
  }

  @Test
  void filterGradientSameBitsOnAnyNumberOfThreads() {
    Conv2dGeometry g = Conv2dGeometry.of(11, 28, 28, 1, 5, 5, 2 * LANES, 1, 1, Padding.SAME);
    SplittableRandom random = new SplittableRandom(6);
    float[] input = random(random, g.inputSize());
    float[] dOut = random(random, g.outputSize());
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] dFilter = new float[g.filterSize()];
          SingleChannelConvolution.backwardFilter(input, dOut, dFilter, g);
          return dFilter;
        });
  }

  @Test
  void sameBitsOnAnyNumberOfThreads() {
    Conv2dGeometry g = Conv2dGeometry.of(3, 28, 28, 1, 5, 5, 2 * LANES, 1, 1, Padding.SAME);
    SplittableRandom random = new SplittableRandom(5);
    float[] input = random(random, g.inputSize());
    float[] filter = random(random, g.filterSize());
    float[] bias = random(random, g.cout());
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] out = new float[g.outputSize()];
          SingleChannelConvolution.prepare(filter, g).forward(input, 0, bias, true, out, g);
          return out;
        });
  }

  @Test
  void declinesStridesWideFiltersColourAndNarrowRows() {
    assertThat(fits(28, 1, 5, 2 * LANES, 2)).as("stride 2").isFalse();
    assertThat(fits(28, 1, 7, 2 * LANES, 1)).as("7 columns").isFalse();
    assertThat(fits(28, 3, 3, 2 * LANES, 1)).as("3 channels").isFalse();
    assertThat(fits(28, 1, 5, LANES + 1, 1)).as("channels past whole vectors").isFalse();
    assertThat(fits(SingleChannelConvolution.PIXELS - 1, 1, 5, LANES, 1)).as("13 columns").isFalse();
  }

  private static boolean fits(int w, int cin, int kw, int cout, int stride) {
    return SingleChannelConvolution.fits(
        Conv2dGeometry.of(2, 28, w, cin, 5, kw, cout, stride, stride, Padding.SAME));
  }

  private static float[] reference(
      float[] input, float[] filter, float[] bias, boolean relu, Conv2dGeometry g) {
    float[] out = new float[g.outputSize()];
    new ReferenceKernels().conv2d(input, filter, out, g);
    for (int i = 0; i < out.length; i++) {
      float v = bias != null ? out[i] + bias[i % g.cout()] : out[i];
      out[i] = relu ? Math.max(v, 0f) : v;
    }
    return out;
  }
}
