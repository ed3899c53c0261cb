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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernels' fused gradients of a first layer with a bias and a ReLU ({@code
 * biasReluBackwardFilter}, image by image where the layer has few input channels): the filter
 * gradient the same bits as their own ReLU gradient then filter gradient, the bias gradient the
 * same bits on any number of threads, and both within rounding of the reference.
 */
@ExtendWith(RestoreThreadCount.class)
class VectorFirstLayerGradientTest {

  record Case(String name, Conv2dGeometry g) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("colour 3x3 SAME to 32, Keras' CIFAR-10 conv1, 9 images in parts",
            Conv2dGeometry.of(9, 32, 32, 3, 3, 3, 32, 1, 1, Padding.SAME)),
        new Case("grey 3x3 VALID to 32, Keras' MNIST conv1",
            Conv2dGeometry.of(5, 28, 28, 1, 3, 3, 32, 1, 1, Padding.VALID)),
        new Case("colour 5x5 stride 2, odd sizes, 64 channels",
            Conv2dGeometry.of(7, 17, 13, 3, 5, 5, 64, 2, 2, Padding.SAME)),
        new Case("one image",
            Conv2dGeometry.of(1, 11, 9, 2, 3, 3, 32, 1, 1, Padding.SAME)),
        new Case("16 channels: not fused, the GEMM's filter gradient",
            Conv2dGeometry.of(6, 10, 10, 16, 3, 3, 32, 1, 1, Padding.SAME)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedMatchesTheReluGradientThenTheFilterGradient(Case c) {
    Conv2dGeometry g = c.g();
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    float[] input = random(random, g.inputSize());
    float[] dOut = random(random, g.outputSize());
    // A ReLU's output: zero where about half the pre-activations were negative.
    float[] y = random(random, g.outputSize());
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0f, y[i]);
    }
    float[] dz = new float[g.outputSize()];
    FAST.reluBackward(dOut, y, dz, dz.length);
    float[] expectedFilter = new float[g.filterSize()];
    FAST.conv2dBackwardFilter(input, dz, expectedFilter, g);
    float[] referenceFilter = new float[g.filterSize()];
    float[] referenceBias = new float[g.cout()];
    REFERENCE.biasReluBackwardFilter(dOut, y, input, new float[g.outputSize()], referenceFilter,
        referenceBias, g);

    float[] oneThreadBias = null;
    for (int threads = 1; threads <= 2; threads++) {
      Parallelism.setThreads(threads);
      float[] dFilter = new float[g.filterSize()];
      float[] dBias = new float[g.cout()];
      FAST.biasReluBackwardFilter(dOut, y, input, new float[g.outputSize()], dFilter, dBias, g);
      assertThat(dFilter).as("dFilter, %d threads", threads).isEqualTo(expectedFilter);
      if (oneThreadBias == null) {
        oneThreadBias = dBias;
      }
      assertThat(dBias).as("dBias, %d threads", threads).isEqualTo(oneThreadBias);
      int terms = g.n() * g.oh() * g.ow();
      assertClose(referenceFilter, dFilter, terms, "dFilter against the reference");
      assertClose(referenceBias, dBias, terms, "dBias against the reference");
    }
    float[] withoutBias = new float[g.filterSize()];
    FAST.biasReluBackwardFilter(dOut, y, input, new float[g.outputSize()], withoutBias, null, g);
    assertThat(withoutBias).as("dFilter without a bias gradient").isEqualTo(expectedFilter);
  }
}
