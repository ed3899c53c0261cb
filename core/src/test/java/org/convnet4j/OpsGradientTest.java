package org.convnet4j;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference gradient checks for every differentiable op and every input, on random and
 * on awkward shapes: odd SAME padding, strides larger than the window, 1x1 filters, inputs
 * smaller than the window. Runs on whichever kernels {@code -Dconvnet4j.kernels} selects.
 */
class OpsGradientTest {

  /** One window op's sizes: input {@code [n, h, w, c]}, window {@code kh x kw}, strides. */
  record Window(int n, int h, int w, int c, int kh, int kw, int strideH, int strideW,
      Padding padding) {
    int[] strides() {
      return new int[] {1, strideH, strideW, 1};
    }

    int[] ksize() {
      return new int[] {1, kh, kw, 1};
    }

    @Override
    public String toString() {
      return "%dx%dx%dx%d window %dx%d stride %dx%d %s"
          .formatted(n, h, w, c, kh, kw, strideH, strideW, padding);
    }
  }

  // Named awkward cases, then random ones (VALID only where the window fits).
  static List<Window> windows() {
    List<Window> cases = new ArrayList<>(List.of(
        new Window(1, 4, 4, 1, 3, 3, 2, 2, Padding.SAME), // odd SAME: 0 before, 1 after
        new Window(2, 6, 5, 2, 4, 2, 1, 1, Padding.SAME), // SAME total 3 rows: 1 before, 2 after
        new Window(1, 7, 7, 2, 2, 2, 3, 3, Padding.VALID), // stride larger than the window
        new Window(1, 5, 6, 3, 1, 1, 2, 3, Padding.SAME), // 1x1 window with strides
        new Window(2, 3, 3, 2, 1, 1, 1, 1, Padding.VALID), // 1x1 window
        new Window(1, 2, 2, 2, 3, 3, 1, 1, Padding.SAME), // input smaller than the window
        new Window(1, 2, 3, 1, 3, 4, 2, 1, Padding.explicit(1, 1, 1, 2)), // smaller, explicit
        new Window(2, 5, 4, 2, 3, 2, 2, 2, Padding.explicit(2, 0, 1, 1)))); // uneven explicit
    SplittableRandom random = new SplittableRandom(20);
    while (cases.size() < 20) {
      int h = random.nextInt(1, 8);
      int w = random.nextInt(1, 8);
      int kh = random.nextInt(1, 5);
      int kw = random.nextInt(1, 5);
      Padding padding = switch (random.nextInt(3)) {
        case 0 -> Padding.SAME;
        case 1 -> Padding.VALID;
        default -> Padding.explicit(random.nextInt(kh), random.nextInt(kh), random.nextInt(kw),
            random.nextInt(kw));
      };
      boolean fits = padding instanceof Padding.Explicit(int t, int b, int l, int r)
          ? kh <= h + t + b && kw <= w + l + r
          : padding == Padding.SAME || (kh <= h && kw <= w);
      if (!fits) {
        continue; // no window position: an error, tested in BadInputTest
      }
      cases.add(new Window(random.nextInt(1, 3), h, w, random.nextInt(1, 4), kh, kw,
          random.nextInt(1, 4), random.nextInt(1, 4), padding));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void conv2dInputAndFilter(Window c) {
    Tensor input = Tensor.randomUniform(1, -1f, 1f, c.n(), c.h(), c.w(), c.c());
    Tensor filter = Tensor.randomUniform(2, -1f, 1f, c.kh(), c.kw(), c.c(), 3);
    GradientChecker.check("conv2d " + c,
        x -> Ops.conv2d(x[0], x[1], c.strides(), c.padding()), input, filter);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void maxPoolValue(Window c) {
    GradientChecker.check("maxPool " + c,
        x -> Ops.maxPool(x[0], c.ksize(), c.strides(), c.padding()),
        distinct(3, c.n(), c.h(), c.w(), c.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void avgPoolValue(Window c) {
    GradientChecker.check("avgPool " + c,
        x -> Ops.avgPool(x[0], c.ksize(), c.strides(), c.padding()),
        Tensor.randomUniform(4, -1f, 1f, c.n(), c.h(), c.w(), c.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void globalMaxPoolAndGlobalAvgPool(Window c) {
    // Distinct values for the maximum: on ties the gradient's cell is a matter of convention.
    GradientChecker.check("globalMaxPool " + c, x -> Ops.globalMaxPool(x[0]),
        distinct(22, c.n(), c.h(), c.w(), c.c()));
    GradientChecker.check("globalAvgPool " + c, x -> Ops.globalAvgPool(x[0]),
        Tensor.randomUniform(23, -1f, 1f, c.n(), c.h(), c.w(), c.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void locallyConnected2dInputKernelAndBias(Window c) {
    Tensor input = Tensor.randomUniform(5, -1f, 1f, c.n(), c.h(), c.w(), c.c());
    Tensor probe = Ops.conv2d(input, Tensor.zeros(c.kh(), c.kw(), c.c(), 2), c.strides(),
        c.padding());
    int oh = probe.dim(1);
    int ow = probe.dim(2);
    Tensor kernel = Tensor.randomUniform(6, -1f, 1f, oh * ow, c.kh() * c.kw() * c.c(), 2);
    Tensor bias = Tensor.randomUniform(7, -1f, 1f, oh, ow, 2);
    GradientChecker.check("locallyConnected2d " + c,
        x -> Ops.locallyConnected2d(x[0], x[1], x[2], c.ksize(), c.strides(), c.padding()),
        input, kernel, bias);
  }

  @Test
  void locallyConnected2dWithSquareWindowInferredFromKernel() {
    Tensor input = Tensor.randomUniform(5, -1f, 1f, 2, 4, 4, 2);
    Tensor kernel = Tensor.randomUniform(6, -1f, 1f, 4, 3 * 3 * 2, 3);
    Tensor bias = Tensor.randomUniform(7, -1f, 1f, 2, 2, 3);
    GradientChecker.check("locallyConnected2d 3x3 inferred",
        x -> Ops.locallyConnected2d(x[0], x[1], x[2], new int[] {1, 2, 2, 1}, Padding.SAME),
        input, kernel, bias);
  }

  static Stream<Arguments> matmulShapes() {
    List<Arguments> cases = new ArrayList<>();
    int[][] mkn = {{3, 4, 2}, {1, 1, 1}, {5, 1, 3}, {2, 7, 1}};
    for (int[] s : mkn) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          cases.add(arguments(s[0], s[1], s[2], ta, tb));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "m={0} k={1} n={2} transposeA={3} transposeB={4}")
  @MethodSource("matmulShapes")
  void matmulBothSides(int m, int k, int n, boolean transposeA, boolean transposeB) {
    Tensor a = Tensor.randomUniform(8, -1f, 1f, transposeA ? new int[] {k, m} : new int[] {m, k});
    Tensor b = Tensor.randomUniform(9, -1f, 1f, transposeB ? new int[] {n, k} : new int[] {k, n});
    GradientChecker.check("matmul",
        x -> Ops.matmul(x[0], x[1], transposeA, transposeB), a, b);
  }

  @Test
  void matmulTwoArgumentForm() {
    GradientChecker.check("matmul", x -> Ops.matmul(x[0], x[1]),
        Tensor.randomUniform(8, -1f, 1f, 3, 4), Tensor.randomUniform(9, -1f, 1f, 4, 2));
  }

  // Equal shapes, a bias-like trailing part on either side, scalars and single elements.
  static Stream<Arguments> broadcastPairs() {
    int[][][] pairs = {
      {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{3}, {2, 3}}, {{2, 3}, {}}, {{}, {2, 3}},
      {{2, 3, 4}, {3, 4}}, {{2, 3}, {1}}, {{1}, {2, 3}}, {{}, {}},
    };
    List<Arguments> cases = new ArrayList<>();
    for (String op : List.of("add", "subtract", "multiply")) {
      for (int[][] p : pairs) {
        cases.add(arguments(op, named(Arrays.toString(p[0]), p[0]),
            named(Arrays.toString(p[1]), p[1])));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} with {2}")
  @MethodSource("broadcastPairs")
  void binaryOpsBothSides(String op, int[] shapeA, int[] shapeB) {
    GradientChecker.check(op, x -> switch (op) {
      case "add" -> Ops.add(x[0], x[1]);
      case "subtract" -> Ops.subtract(x[0], x[1]);
      default -> Ops.multiply(x[0], x[1]);
    }, Tensor.randomUniform(10, -1f, 1f, shapeA), Tensor.randomUniform(11, -1f, 1f, shapeB));
  }

  @Test
  void binaryOpWithTheSameTensorTwiceSumsBothPaths() {
    GradientChecker.check("multiply(x, x)", x -> Ops.multiply(x[0], x[0]),
        Tensor.randomUniform(12, -1f, 1f, 2, 3));
    GradientChecker.check("subtract(x, x)", x -> Ops.subtract(x[0], x[0]),
        Tensor.randomUniform(12, -1f, 1f, 2, 3));
  }

  @Test
  void biasAddValueAndBias() {
    GradientChecker.check("biasAdd rank 2", x -> Ops.biasAdd(x[0], x[1]),
        Tensor.randomUniform(13, -1f, 1f, 3, 4), Tensor.randomUniform(14, -1f, 1f, 4));
    GradientChecker.check("biasAdd rank 4", x -> Ops.biasAdd(x[0], x[1]),
        Tensor.randomUniform(13, -1f, 1f, 2, 3, 2, 5), Tensor.randomUniform(14, -1f, 1f, 5));
  }

  @Test
  void reluAwayFromTheKink() {
    SplittableRandom random = new SplittableRandom(15);
    float[] x = new float[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((random.nextBoolean() ? 1 : -1) * random.nextDouble(0.05, 1));
    }
    GradientChecker.check("relu", v -> Ops.relu(v[0]), Tensor.of(x, 2, 3, 4));
  }

  @Test
  void sigmoidAndTanhOverTheirCurvedRange() {
    // From -4 to 4 the slopes run from near 0 to their peak, where a wrong rule shows.
    Tensor x = Tensor.randomUniform(21, -4f, 4f, 2, 3, 5);
    GradientChecker.check("sigmoid", v -> Ops.sigmoid(v[0]), x);
    GradientChecker.check("tanh", v -> Ops.tanh(v[0]), x);
  }

  static Stream<int[]> normalizedShapes() {
    // A dense layer's [n, c] and image batches [n, h, w, c]; channels below and past a vector.
    return Stream.of(new int[] {4, 3}, new int[] {7, 1}, new int[] {2, 3, 2, 17},
        new int[] {3, 2, 2, 2});
  }

  @ParameterizedTest
  @MethodSource("normalizedShapes")
  void fusedBatchNormInputScaleAndOffset(int[] shape) {
    int c = shape[shape.length - 1];
    // The output depends on x through the batch's mean and variance too: the check covers both.
    GradientChecker.check("fusedBatchNorm", v -> Ops.fusedBatchNorm(v[0], v[1], v[2], 1e-3f).output(),
        Tensor.randomUniform(24, -1f, 1f, shape), Tensor.randomUniform(25, 0.5f, 1.5f, c),
        Tensor.randomUniform(26, -1f, 1f, c));
  }

  @ParameterizedTest
  @MethodSource("normalizedShapes")
  void batchNormalizationEveryInput(int[] shape) {
    int c = shape[shape.length - 1];
    GradientChecker.check("batchNormalization",
        v -> Ops.batchNormalization(v[0], v[1], v[2], v[3], v[4], 1e-3f),
        Tensor.randomUniform(27, -1f, 1f, shape), Tensor.randomUniform(28, -0.5f, 0.5f, c),
        Tensor.randomUniform(29, 0.5f, 1.5f, c), Tensor.randomUniform(30, -1f, 1f, c),
        Tensor.randomUniform(31, 0.5f, 1.5f, c));
  }

  @Test
  void reshapeWithInferredDimension() {
    GradientChecker.check("reshape", x -> Ops.reshape(x[0], -1, 4),
        Tensor.randomUniform(16, -1f, 1f, 2, 3, 4));
  }

  @Test
  void dropoutWithAFixedSeed() {
    GradientChecker.check("dropout", x -> Ops.dropout(x[0], 0.6f, 17L),
        Tensor.randomUniform(17, -1f, 1f, 4, 6));
  }

  static Stream<int[]> rowShapes() {
    return Stream.of(new int[] {4}, new int[] {3, 5}, new int[] {2, 2, 3}, new int[] {2, 1});
  }

  @ParameterizedTest
  @MethodSource("rowShapes")
  void softmaxAndLogSoftmax(int[] shape) {
    Tensor logits = Tensor.randomUniform(18, -2f, 2f, shape);
    GradientChecker.check("softmax", x -> Ops.softmax(x[0]), logits);
    GradientChecker.check("logSoftmax", x -> Ops.logSoftmax(x[0]), logits);
  }

  @ParameterizedTest
  @MethodSource("rowShapes")
  void softmaxCrossEntropyLabelsAndLogits(int[] shape) {
    Tensor labels = Ops.softmax(Tensor.randomUniform(19, -2f, 2f, shape));
    Tensor logits = Tensor.randomUniform(20, -2f, 2f, shape);
    GradientChecker.check("softmaxCrossEntropyWithLogits",
        x -> Ops.softmaxCrossEntropyWithLogits(x[0], x[1]), labels, logits);
  }

  @Test
  void softmaxCrossEntropyWithLabelsThatDoNotSumToOne() {
    GradientChecker.check("softmaxCrossEntropyWithLogits",
        x -> Ops.softmaxCrossEntropyWithLogits(x[0], x[1]),
        Tensor.randomUniform(21, 0f, 1f, 3, 4), Tensor.randomUniform(22, -2f, 2f, 3, 4));
  }

  @Test
  void reductionsWholeAndByAxis() {
    Tensor x = Tensor.randomUniform(23, -1f, 1f, 2, 3, 4);
    GradientChecker.check("reduceSum", v -> Ops.reduceSum(v[0]), x);
    GradientChecker.check("reduceMean", v -> Ops.reduceMean(v[0]), x);
    for (int axis : new int[] {0, 1, 2, -1, -3}) {
      GradientChecker.check("reduceSum axis " + axis, v -> Ops.reduceSum(v[0], axis), x);
      GradientChecker.check("reduceMean axis " + axis, v -> Ops.reduceMean(v[0], axis), x);
    }
  }

  // The tutorial's network in miniature: every weight, and the input, through every op it uses.
  @Test
  void smallConvNetEndToEnd() {
    int[] one = {1, 1, 1, 1};
    int[] two = {1, 2, 2, 1};
    Tensor images = Tensor.randomUniform(24, 0f, 1f, 2, 5, 5, 1);
    Tensor filter = Tensor.randomUniform(25, -1f, 1f, 3, 3, 1, 2);
    Tensor convBias = Tensor.randomUniform(26, -0.5f, 0.5f, 2);
    Tensor dense = Tensor.randomUniform(27, -1f, 1f, 3 * 3 * 2, 3);
    Tensor denseBias = Tensor.randomUniform(28, -0.5f, 0.5f, 3);
    Tensor labels = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
    GradientChecker.check("small conv net", x -> {
      Tensor conv = Ops.relu(Ops.biasAdd(Ops.conv2d(x[0], x[1], one, Padding.SAME), x[2]));
      Tensor pool = Ops.maxPool(conv, two, two, Padding.SAME);
      Tensor logits = Ops.add(Ops.matmul(Ops.reshape(pool, -1, 3 * 3 * 2), x[3]), x[4]);
      return Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(labels, logits));
    }, images, filter, convBias, dense, denseBias);
  }

  // Values i * 0.05 in a shuffled order: no ties, and far apart compared with the step.
  private static Tensor distinct(long seed, int... shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] v = new float[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      int j = random.nextInt(i + 1);
      v[i] = v[j];
      v[j] = (i - size / 2) * 0.05f;
    }
    return Tensor.of(v, shape);
  }
}
