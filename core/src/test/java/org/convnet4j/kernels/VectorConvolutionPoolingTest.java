package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.RestoreThreadCount;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernels' fused convolution and max pooling: the same bits as their own convolution
 * then pooling, on batches big enough to be split into parts (and one that is not), on any number
 * of threads; and the reference's values within rounding. The same for the fused gradients of a
 * first layer (pooling, ReLU and bias backward, then the filter gradient).
 */
@ExtendWith(RestoreThreadCount.class)
class VectorConvolutionPoolingTest {

  record Case(String name, Conv2dGeometry g, Pool2dGeometry pool) {
    static Case of(String name, Conv2dGeometry g, int size, int stride, Padding padding) {
      return new Case(
          name,
          g,
          Pool2dGeometry.of(g.n(), g.oh(), g.ow(), g.cout(), size, size, stride, stride, padding));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.of("tutorial conv1, 24 images in parts",
            Conv2dGeometry.of(24, 28, 28, 1, 5, 5, 32, 1, 1, Padding.SAME), 2, 2, Padding.SAME),
        Case.of("tutorial conv2 (Winograd), 23 images in parts",
            Conv2dGeometry.of(23, 14, 14, 32, 5, 5, 64, 1, 1, Padding.SAME), 2, 2, Padding.SAME),
        Case.of("stride-2 convolution, odd sizes, overlapping windows",
            Conv2dGeometry.of(100, 17, 15, 3, 3, 3, 40, 2, 2, Padding.SAME), 3, 1, Padding.SAME),
        Case.of("VALID, prime channels, gaps between windows",
            Conv2dGeometry.of(50, 20, 20, 17, 3, 3, 33, 1, 1, Padding.VALID), 2, 3, Padding.VALID),
        Case.of("one image: too small to split",
            Conv2dGeometry.of(1, 28, 28, 1, 5, 5, 32, 1, 1, Padding.SAME), 2, 2, Padding.SAME),
        Case.of("3x3 VALID 32 to 32, Keras' CIFAR-10 block, in parts",
            Conv2dGeometry.of(12, 30, 30, 32, 3, 3, 32, 1, 1, Padding.VALID), 2, 2, Padding.VALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedEqualsTheConvolutionThenThePoolingOnAnyThreadCount(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, c.g().inputSize());
    float[] filter = random(random, c.g().filterSize());
    // With a bias, and without one (a layer's use_bias=false).
    for (float[] bias : new float[][] {random(random, c.g().cout()), null}) {
      fusedEqualsTheConvolutionThenThePooling(c, input, filter, bias);
    }
  }

  private static void fusedEqualsTheConvolutionThenThePooling(
      Case c, float[] input, float[] filter, float[] bias) {
    Conv2dGeometry g = c.g();

    float[] expectedOut = new float[c.pool().outputSize()];
    int[] expectedArgmax = new int[c.pool().outputSize()];
    float[] activations = new float[g.outputSize()];
    FAST.conv2dBiasRelu(input, filter, bias, true, activations, g);
    FAST.maxPool(activations, expectedOut, expectedArgmax, c.pool());
    float[] referenceOut = new float[c.pool().outputSize()];
    REFERENCE.conv2dBiasReluMaxPool(input, filter, bias, new float[g.outputSize()], referenceOut,
        new int[c.pool().outputSize()], g, c.pool());

    for (int threads = 1; threads <= 3; threads++) {
      Parallelism.setThreads(threads);
      float[] out = new float[c.pool().outputSize()];
      int[] argmax = new int[c.pool().outputSize()];
      FAST.conv2dBiasReluMaxPool(input, filter, bias, new float[g.outputSize()], out, argmax, g,
          c.pool());
      String what = "%d threads, bias %s".formatted(threads, bias != null);
      assertThat(out).as("pooled, " + what).isEqualTo(expectedOut);
      assertThat(argmax).as("argmax, " + what).isEqualTo(expectedArgmax);
      assertClose(referenceOut, out, g.kh() * g.kw() * g.cin(), "against the reference");
      // Inference records no winners.
      float[] inferred = new float[c.pool().outputSize()];
      FAST.conv2dBiasReluMaxPool(input, filter, bias, new float[g.outputSize()], inferred, null, g,
          c.pool());
      assertThat(inferred).as("pooled without argmax, " + what).isEqualTo(expectedOut);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstLayerGradientsEqualTheUnfusedKernelsOnAnyThreadCount(Case c) {
    Conv2dGeometry g = c.g();
    Pool2dGeometry pool = c.pool();
    SplittableRandom random = new SplittableRandom(c.name().hashCode() + 1);
    float[] input = random(random, g.inputSize());
    float[] filter = random(random, g.filterSize());
    float[] bias = random(random, g.cout());
    float[] pooled = new float[pool.outputSize()];
    int[] argmax = new int[pool.outputSize()];
    FAST.conv2dBiasReluMaxPool(input, filter, bias, new float[g.outputSize()], pooled, argmax, g,
        pool);
    float[] dOut = random(random, pool.outputSize());

    float[] dz = new float[g.outputSize()];
    float[] expectedFilter = new float[g.filterSize()];
    float[] expectedBias = new float[g.cout()];
    FAST.maxPoolBiasReluBackward(argmax, dOut, pooled, dz, expectedBias, pool);
    FAST.conv2dBackwardFilter(input, dz, expectedFilter, g);
    float[] referenceFilter = new float[g.filterSize()];
    float[] referenceBias = new float[g.cout()];
    REFERENCE.maxPoolBiasReluBackwardFilter(argmax, dOut, pooled, input,
        new float[g.outputSize()], referenceFilter, referenceBias, g, pool);

    for (int threads = 1; threads <= 2; threads++) {
      Parallelism.setThreads(threads);
      float[] dFilter = new float[g.filterSize()];
      float[] dBias = new float[g.cout()];
      FAST.maxPoolBiasReluBackwardFilter(argmax, dOut, pooled, input, new float[g.outputSize()],
          dFilter, dBias, g, pool);
      assertThat(dFilter).as("dFilter, %d threads", threads).isEqualTo(expectedFilter);
      assertThat(dBias).as("dBias, %d threads", threads).isEqualTo(expectedBias);
      assertClose(referenceFilter, dFilter, g.n() * g.oh() * g.ow(), "dFilter against the reference");
      assertClose(referenceBias, dBias, g.n() * g.oh() * g.ow(), "dBias against the reference");
    }
    float[] withoutBias = new float[g.filterSize()];
    FAST.maxPoolBiasReluBackwardFilter(argmax, dOut, pooled, input, new float[g.outputSize()],
        withoutBias, null, g, pool);
    assertThat(withoutBias).as("dFilter without a bias gradient").isEqualTo(expectedFilter);
  }
}
