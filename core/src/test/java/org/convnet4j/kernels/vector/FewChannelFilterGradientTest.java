package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.assertSameBitsOnAnyThreadCount;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.RestoreThreadCount;
import org.convnet4j.kernels.ReferenceKernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FewChannelFilterGradient} against {@code ReferenceKernels.conv2dBackwardFilter} on
 * geometries it takes (each case checks that it does), and the same bits on any number of threads.
 */
@ExtendWith(RestoreThreadCount.class)
class FewChannelFilterGradientTest {

  private static final int TWO_VECTORS = 2 * MicroKernel.LANES;

  record Case(String name, Conv2dGeometry g) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case of(String name, int n, int h, int w, int cin, int kh, int kw, int cout,
      int strideH, int strideW, Padding padding) {
    return new Case(name, Conv2dGeometry.of(n, h, w, cin, kh, kw, cout, strideH, strideW, padding));
  }

  static Stream<Case> cases() {
    return Stream.of(
        of("colour 3x3 SAME, 27 rows (VGG's and Keras' conv1)", 3, 32, 32, 3, 3, 3, TWO_VECTORS,
            1, 1, Padding.SAME),
        of("colour 3x3 SAME, one image", 1, 9, 11, 3, 3, 3, 2 * TWO_VECTORS, 1, 1, Padding.SAME),
        of("7 images over 8 parts, VALID", 7, 10, 9, 3, 3, 3, TWO_VECTORS, 1, 1, Padding.VALID),
        of("2 channels, 5x5 stride 2, explicit asymmetric", 2, 13, 12, 2, 5, 5, TWO_VECTORS, 2, 2,
            Padding.explicit(2, 1, 0, 3)),
        of("5 channels, VALID stride 3, rows of 2x3", 3, 14, 11, 5, 2, 3, TWO_VECTORS, 3, 3,
            Padding.VALID),
        of("one channel, column stride 2", 2, 9, 10, 1, 3, 4, TWO_VECTORS, 1, 2, Padding.SAME),
        of("1x1 on 4 channels: whole groups of rows", 2, 5, 7, 4, 1, 1, TWO_VECTORS, 1, 1,
            Padding.VALID),
        of("the most channels that fit, 7x7 stride 2", 2, 15, 13, MicroKernel.LANES - 1, 7, 7,
            TWO_VECTORS, 2, 2, Padding.SAME),
        of("empty batch", 0, 5, 5, 3, 3, 3, TWO_VECTORS, 1, 1, Padding.SAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheReference(Case c) {
    Conv2dGeometry g = c.g();
    assertThat(FewChannelFilterGradient.fits(g)).as("takes the case").isTrue();
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, g.inputSize());
    float[] dOut = random(random, g.outputSize());
    float[] expected = new float[g.filterSize()];
    float[] actual = new float[g.filterSize()];
    new ReferenceKernels().conv2dBackwardFilter(input, dOut, expected, g);
    FewChannelFilterGradient.backwardFilter(input, dOut, actual, g);
    assertClose(expected, actual, g.n() * g.oh() * g.ow(), "dFilter");
  }

  @Test
  void declinesManyChannelsAndOutputChannelsOutsideWholePairsOfVectors() {
    assertThat(FewChannelFilterGradient.fits(
            Conv2dGeometry.of(2, 8, 8, MicroKernel.LANES, 3, 3, TWO_VECTORS, 1, 1, Padding.SAME)))
        .isFalse();
    assertThat(FewChannelFilterGradient.fits(
            Conv2dGeometry.of(2, 8, 8, 3, 3, 3, TWO_VECTORS + 1, 1, 1, Padding.SAME)))
        .isFalse();
    assertThat(FewChannelFilterGradient.fits(
            Conv2dGeometry.of(2, 8, 8, 1, 3, 3, TWO_VECTORS, 1, 1, Padding.SAME)))
        .as("one channel, column stride 1: WindowRows")
        .isFalse();
  }

  @Test
  void sameBitsOnAnyNumberOfThreads() {
    Conv2dGeometry g = Conv2dGeometry.of(11, 12, 12, 3, 3, 3, TWO_VECTORS, 1, 1, Padding.SAME);
    SplittableRandom random = new SplittableRandom(5);
    float[] input = random(random, g.inputSize());
    float[] dOut = random(random, g.outputSize());
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] dFilter = new float[g.filterSize()];
          FewChannelFilterGradient.backwardFilter(input, dOut, dFilter, g);
          return dFilter;
        });
  }

}
