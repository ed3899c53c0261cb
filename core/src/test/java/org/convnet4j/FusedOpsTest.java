package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.Function;
import org.convnet4j.OpsGradientTest.Window;
import org.convnet4j.ops.ConvOps;
import org.convnet4j.ops.MatrixOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layers' fused ops, {@code conv2dBias} and {@code matmulBias}: their gradients against finite
 * differences, and their values and gradients against the unfused {@code relu(biasAdd(...))} they
 * replace, on {@link OpsGradientTest}'s awkward and random windows; and {@code
 * conv2dBiasReluMaxPool} against the {@code maxPool(conv2dBias(...))} it replaces, whose parts
 * are checked against finite differences (max pooling's ties and the ReLU's kink make finite
 * differences of the whole unreliable on random data); {@code fusedBatchNormRelu} against the
 * {@code relu(fusedBatchNorm(...))} it replaces, and against finite differences away from the kink.
 */
class FusedOpsTest {

  // Finite differences move one input by GradientChecker.STEP, which moves a pre-activation by at
  // most STEP times the largest weight (1 here); further from the kink than that, the ReLU is
  // smooth along the whole difference.
  private static final float KINK_MARGIN = 2 * (float) GradientChecker.STEP;

  // The fused kernels may add the bias in another order than the unfused ops: float rounding.
  private static final float TOLERANCE = 1e-5f;

  private static final int CHANNELS = 3;

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void conv2dBiasWithoutReluMatchesFiniteDifferences(Window c) {
    GradientChecker.check("conv2dBias " + c, x -> conv2dBias(c, x, false), convInputs(c, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void conv2dBiasWithReluMatchesFiniteDifferencesAwayFromTheKink(Window c) {
    Tensor[] inputs = awayFromTheKink(seed -> convInputs(c, seed), x -> conv2dBias(c, x, false));
    GradientChecker.check("conv2dBias relu " + c, x -> conv2dBias(c, x, true), inputs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void conv2dBiasEqualsTheUnfusedOpsInValueAndGradient(Window c) {
    for (boolean relu : new boolean[] {false, true}) {
      assertSameFunction(
          "conv2dBias relu=" + relu + " " + c,
          x -> conv2dBias(c, x, relu),
          x -> activation(relu, Ops.biasAdd(
              Ops.conv2d(x[0], x[1], c.strides(), c.padding()), x[2])),
          convInputs(c, 3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void conv2dBiasReluMaxPoolEqualsTheUnfusedOpsInValueAndGradient(Window c) {
    // Windows that tile, overlap, and leave gaps between them.
    int[][] pools = {{2, 2}, {3, 1}, {3, 2}, {1, 3}};
    for (int[] pool : pools) {
      int[] ksize = {1, pool[0], pool[0], 1};
      int[] strides = {1, pool[1], pool[1], 1};
      assertSameFunction(
          "conv2dBiasReluMaxPool pool " + pool[0] + "/" + pool[1] + " " + c,
          x -> ConvOps.conv2dBiasReluMaxPool(x[0], x[1], x[2], c.strides(), c.padding(), ksize,
              strides, Padding.SAME),
          x -> Ops.maxPool(conv2dBias(c, x, true), ksize, strides, Padding.SAME),
          convInputs(c, 5));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void conv2dBiasReluMaxPoolOfUntrackedDataEqualsTheUnfusedOps(Window c) {
    // A first layer: its input, the data, needs no gradient, and the kernels may take the filter's
    // and the bias's without the whole of the convolution's output gradient.
    Tensor data = convInputs(c, 11)[0];
    int[] ksize = {1, 2, 2, 1};
    assertSameFunction(
        "conv2dBiasReluMaxPool of data " + c,
        x -> ConvOps.conv2dBiasReluMaxPool(data, x[0], x[1], c.strides(), c.padding(), ksize,
            ksize, Padding.SAME),
        x -> Ops.maxPool(conv2dBias(c, new Tensor[] {data, x[0], x[1]}, true), ksize, ksize,
            Padding.SAME),
        convInputs(c, 11)[1], convInputs(c, 11)[2]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.convnet4j.OpsGradientTest#windows")
  void withoutABiasTheFusedConvolutionOpsEqualTheUnfusedOnes(Window c) {
    // A layer with use_bias=false passes a null bias: no bias input, no bias gradient.
    int[] ksize = {1, 2, 2, 1};
    for (boolean relu : new boolean[] {false, true}) {
      assertSameFunction(
          "conv2dBias without bias, relu=" + relu + " " + c,
          x -> ConvOps.conv2dBias(x[0], x[1], null, c.strides(), c.padding(), relu),
          x -> activation(relu, Ops.conv2d(x[0], x[1], c.strides(), c.padding())),
          convInputs(c, 7)[0], convInputs(c, 7)[1]);
    }
    assertSameFunction(
        "conv2dBiasReluMaxPool without bias " + c,
        x -> ConvOps.conv2dBiasReluMaxPool(x[0], x[1], null, c.strides(), c.padding(), ksize,
            ksize, Padding.SAME),
        x -> Ops.maxPool(Ops.relu(Ops.conv2d(x[0], x[1], c.strides(), c.padding())), ksize,
            ksize, Padding.SAME),
        convInputs(c, 9)[0], convInputs(c, 9)[1]);
  }

  @ParameterizedTest(name = "m={0}")
  @ValueSource(ints = {1, 2, 7, 33})
  void withoutABiasMatmulBiasEqualsTheUnfusedOps(int m) {
    for (boolean relu : new boolean[] {false, true}) {
      assertSameFunction(
          "matmulBias without bias, relu=" + relu,
          x -> MatrixOps.matmulBias(x[0], x[1], null, relu),
          x -> activation(relu, Ops.matmul(x[0], x[1])),
          denseInputs(m, 5)[0], denseInputs(m, 5)[1]);
    }
  }

  @ParameterizedTest(name = "m={0}")
  @ValueSource(ints = {1, 2, 7})
  void matmulBiasWithoutReluMatchesFiniteDifferences(int m) {
    GradientChecker.check("matmulBias", x -> MatrixOps.matmulBias(x[0], x[1], x[2], false),
        denseInputs(m, 1));
  }

  @ParameterizedTest(name = "m={0}")
  @ValueSource(ints = {1, 2, 7})
  void matmulBiasWithReluMatchesFiniteDifferencesAwayFromTheKink(int m) {
    Tensor[] inputs = awayFromTheKink(seed -> denseInputs(m, seed),
        x -> MatrixOps.matmulBias(x[0], x[1], x[2], false));
    GradientChecker.check("matmulBias relu", x -> MatrixOps.matmulBias(x[0], x[1], x[2], true),
        inputs);
  }

  @ParameterizedTest(name = "m={0}")
  @ValueSource(ints = {1, 2, 7, 33})
  void matmulBiasEqualsTheUnfusedOpsInValueAndGradient(int m) {
    for (boolean relu : new boolean[] {false, true}) {
      assertSameFunction(
          "matmulBias relu=" + relu,
          x -> MatrixOps.matmulBias(x[0], x[1], x[2], relu),
          x -> activation(relu, Ops.biasAdd(Ops.matmul(x[0], x[1]), x[2])),
          denseInputs(m, 3));
    }
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("org.convnet4j.OpsGradientTest#normalizedShapes")
  void fusedBatchNormReluEqualsTheUnfusedOpsInValueAndGradient(int[] shape) {
    int c = shape[shape.length - 1];
    assertSameFunction(
        "fusedBatchNormRelu " + Arrays.toString(shape),
        x -> Ops.fusedBatchNormRelu(x[0], x[1], x[2], 1e-3f).output(),
        x -> Ops.relu(Ops.fusedBatchNorm(x[0], x[1], x[2], 1e-3f).output()),
        Tensor.randomUniform(40, -1f, 1f, shape),
        Tensor.randomUniform(41, 0.5f, 1.5f, c),
        Tensor.randomUniform(42, -0.5f, 0.5f, c));
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("org.convnet4j.OpsGradientTest#normalizedShapes")
  void fusedBatchNormReluMatchesFiniteDifferencesAwayFromTheKink(int[] shape) {
    int c = shape[shape.length - 1];
    Tensor x = Tensor.randomUniform(43, -1f, 1f, shape);
    Tensor gamma = Tensor.randomUniform(44, 0.5f, 1.5f, c);
    Tensor beta = offsetsAwayFromTheKink(x, gamma);
    GradientChecker.check(
        "fusedBatchNormRelu " + Arrays.toString(shape),
        v -> Ops.fusedBatchNormRelu(v[0], v[1], v[2], 1e-3f).output(),
        x, gamma, beta);
  }

  /**
   * Per channel, the offset that puts the ReLU's kink in the middle of the widest gap between the
   * normalized and scaled values {@code gamma * xhat}, so that a finite difference, which moves
   * one of them by about {@code STEP * gamma / std} and the others less, never crosses it (the
   * gaps here are 0.2 or wider, the moves below 0.05); with one row, the kink goes 0.5 below.
   */
  private static Tensor offsetsAwayFromTheKink(Tensor x, Tensor gamma) {
    float[] v = x.toFloatArray();
    float[] g = gamma.toFloatArray();
    int c = g.length;
    int rows = v.length / c;
    float[] beta = new float[c];
    for (int j = 0; j < c; j++) {
      double[] z = new double[rows];
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += v[r * c + j];
      }
      mean /= rows;
      double variance = 0;
      for (int r = 0; r < rows; r++) {
        variance += (v[r * c + j] - mean) * (v[r * c + j] - mean);
      }
      double invStd = 1 / Math.sqrt(variance / rows + 1e-3);
      for (int r = 0; r < rows; r++) {
        z[r] = g[j] * (v[r * c + j] - mean) * invStd;
      }
      Arrays.sort(z);
      double middle = z[0] - 0.5;
      double widest = 0;
      for (int r = 1; r < rows; r++) {
        if (z[r] - z[r - 1] > widest) {
          widest = z[r] - z[r - 1];
          middle = (z[r] + z[r - 1]) / 2;
        }
      }
      assertThat(rows == 1 || widest >= 0.2).as("channel %d's widest gap %s", j, widest).isTrue();
      beta[j] = (float) -middle;
    }
    return Tensor.of(beta, c);
  }

  private static Tensor conv2dBias(Window c, Tensor[] x, boolean relu) {
    return ConvOps.conv2dBias(x[0], x[1], x[2], c.strides(), c.padding(), relu);
  }

  private static Tensor activation(boolean relu, Tensor z) {
    return relu ? Ops.relu(z) : z;
  }

  private static Tensor[] convInputs(Window c, long seed) {
    return new Tensor[] {
      Tensor.randomUniform(seed, -1f, 1f, c.n(), c.h(), c.w(), c.c()),
      Tensor.randomUniform(seed + 1, -1f, 1f, c.kh(), c.kw(), c.c(), CHANNELS),
      Tensor.randomUniform(seed + 2, -0.5f, 0.5f, CHANNELS)
    };
  }

  private static Tensor[] denseInputs(int m, long seed) {
    return new Tensor[] {
      Tensor.randomUniform(seed, -1f, 1f, m, 5),
      Tensor.randomUniform(seed + 1, -1f, 1f, 5, 4),
      Tensor.randomUniform(seed + 2, -0.5f, 0.5f, 4)
    };
  }

  /**
   * The inputs of the first seed from 1 up whose pre-activations all lie at least {@link
   * #KINK_MARGIN} from zero, so a finite difference never straddles the ReLU's kink.
   */
  private static Tensor[] awayFromTheKink(
      Function<Long, Tensor[]> inputs, Function<Tensor[], Tensor> preActivation) {
    for (long seed = 1; seed < 10_000; seed += 3) {
      Tensor[] x = inputs.apply(seed);
      float closest = Float.POSITIVE_INFINITY;
      for (float z : preActivation.apply(x).toFloatArray()) {
        closest = Math.min(closest, Math.abs(z));
      }
      if (closest >= KINK_MARGIN) {
        return x;
      }
    }
    throw new AssertionError("no seed keeps every pre-activation away from the ReLU's kink");
  }

  private static void assertSameFunction(String label, Function<Tensor[], Tensor> fused,
      Function<Tensor[], Tensor> unfused, Tensor... inputs) {
    assertThat(fused.apply(inputs).toFloatArray())
        .as(label + " value")
        .containsExactly(unfused.apply(inputs).toFloatArray(), within(TOLERANCE));
    Tensor weights = Tensor.randomUniform(7, -1f, 1f, fused.apply(inputs).shape());
    float[][] fusedGradients = GradientChecker.analytic(fused, weights, inputs);
    float[][] unfusedGradients = GradientChecker.analytic(unfused, weights, inputs);
    for (int i = 0; i < inputs.length; i++) {
      assertThat(fusedGradients[i])
          .as(label + " gradient of input " + i)
          .containsExactly(unfusedGradients[i], within(TOLERANCE));
    }
  }
}
