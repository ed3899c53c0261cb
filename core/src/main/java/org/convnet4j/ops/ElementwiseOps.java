package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;

/**
 * Element-by-element ops: {@code add}, {@code subtract}, {@code multiply}, {@code biasAdd}, {@code
 * relu}, {@code sigmoid}, {@code tanh}, {@code dropout}, and {@code reshape}, forward and gradient rules.
 *
 * <p>Binary ops broadcast the way the tutorial needs: equal shapes; or one operand whose shape is
 * a trailing part of the other's ({@code [n, 1024] + [1024]}, a scalar {@code []}); or one operand
 * of a single element. The larger operand ("big", {@code size} elements) is then a run of blocks,
 * each lined up with the smaller one ("small", {@code period} elements).
 */
public final class ElementwiseOps {

  private ElementwiseOps() {}

  /** Which binary op. */
  enum Kind {
    ADD("add"),
    SUBTRACT("subtract"),
    MULTIPLY("multiply");

    final String op;

    Kind(String op) {
      this.op = op;
    }
  }

  /** See {@link org.convnet4j.Ops#add}. */
  public static Tensor add(Tensor a, Tensor b) {
    return binary(Kind.ADD, a, b, broadcastShape("add", a, b));
  }

  /** See {@link org.convnet4j.Ops#subtract}. */
  public static Tensor subtract(Tensor a, Tensor b) {
    return binary(Kind.SUBTRACT, a, b, broadcastShape("subtract", a, b));
  }

  /** See {@link org.convnet4j.Ops#multiply}. */
  public static Tensor multiply(Tensor a, Tensor b) {
    return binary(Kind.MULTIPLY, a, b, broadcastShape("multiply", a, b));
  }

  /** See {@link org.convnet4j.Ops#biasAdd}. */
  public static Tensor biasAdd(Tensor value, Tensor bias) {
    String op = "biasAdd";
    int[] v = Checks.minRank(op, "value", value, 2);
    int[] b = Checks.rank(op, "bias", bias, 1, "[c]");
    if (b[0] != v[v.length - 1]) {
      throw Checks.fail(op, "bias %s must match the last dimension of value %s (%d)",
          Checks.shape(b), Checks.shape(v), v[v.length - 1]);
    }
    return binary(Kind.ADD, value, bias, v);
  }

  private static int[] broadcastShape(String op, Tensor a, Tensor b) {
    int[] sa = Checks.notNull(op, "a", a).shape();
    int[] sb = Checks.notNull(op, "b", b).shape();
    if (Arrays.equals(sa, sb)) {
      return sa;
    }
    if (fitsInto(sb, sa, b.size())) {
      return sa;
    }
    if (fitsInto(sa, sb, a.size())) {
      return sb;
    }
    throw Checks.fail(op, "cannot broadcast %s with %s: shapes must be equal, or one a trailing"
        + " part of the other (like a bias), or one a single element",
        Checks.shape(sa), Checks.shape(sb));
  }

  // Whether `small` repeats to fill `big`: a suffix of it, or one element of no higher rank.
  private static boolean fitsInto(int[] small, int[] big, int smallSize) {
    if (small.length > big.length) {
      return false;
    }
    if (smallSize == 1) {
      return true;
    }
    int offset = big.length - small.length;
    for (int i = 0; i < small.length; i++) {
      if (small[i] != big[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static Tensor binary(Kind kind, Tensor a, Tensor b, int[] shape) {
    float[] x = data(a);
    float[] y = data(b);
    boolean aIsBig = x.length >= y.length;
    float[] big = aIsBig ? x : y;
    float[] small = aIsBig ? y : x;
    float[] out = Workspace.floats(big.length);
    int period = small.length;
    switch (kind) {
      case ADD -> {
        for (int base = 0; base < big.length; base += period) {
          for (int j = 0; j < period; j++) {
            out[base + j] = big[base + j] + small[j];
          }
        }
      }
      case MULTIPLY -> {
        for (int base = 0; base < big.length; base += period) {
          for (int j = 0; j < period; j++) {
            out[base + j] = big[base + j] * small[j];
          }
        }
      }
      case SUBTRACT -> {
        for (int base = 0; base < big.length; base += period) {
          if (aIsBig) {
            for (int j = 0; j < period; j++) {
              out[base + j] = big[base + j] - small[j];
            }
          } else {
            for (int j = 0; j < period; j++) {
              out[base + j] = small[j] - big[base + j];
            }
          }
        }
      }
    }
    Tensor result = TensorAccess.wrap(out, shape);
    if (Recording.tracked(a, b)) {
      Recording.record(new Binary(kind, a, b, result));
    }
    return result;
  }

  // out = big (op) small, small repeated over big's blocks. add: d/dbig = 1, d/dsmall = 1;
  // subtract: the second operand's sign flips; multiply: each side's gradient is dOut times the
  // other side. The small side sums its gradient over the blocks it was repeated into.
  record Binary(Kind kind, Tensor a, Tensor b, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {a, b};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      boolean aIsBig = a.size() >= b.size();
      float[] big = data(aIsBig ? a : b);
      float[] small = data(aIsBig ? b : a);
      boolean needBig = aIsBig ? need[0] : need[1];
      boolean needSmall = aIsBig ? need[1] : need[0];
      // Sign of each side in "a - b": the big side is negated when it is b.
      float bigSign = kind == Kind.SUBTRACT && !aIsBig ? -1f : 1f;
      float smallSign = kind == Kind.SUBTRACT && aIsBig ? -1f : 1f;
      int period = small.length;
      float[] dBig = null;
      float[] dSmall = null;
      if (needBig) {
        if (kind == Kind.MULTIPLY) {
          dBig = Workspace.floats(big.length);
          for (int base = 0; base < big.length; base += period) {
            for (int j = 0; j < period; j++) {
              dBig[base + j] = dOut[base + j] * small[j];
            }
          }
        } else {
          dBig = bigSign == 1f ? dOut : negate(dOut);
        }
      }
      if (needSmall) {
        if (kind == Kind.MULTIPLY) {
          dSmall = Workspace.zeros(period);
          for (int base = 0; base < big.length; base += period) {
            for (int j = 0; j < period; j++) {
              dSmall[j] += dOut[base + j] * big[base + j];
            }
          }
        } else if (period == big.length) {
          dSmall = smallSign == 1f ? dOut : negate(dOut);
        } else {
          dSmall = BiasReluGradient.sumOverRows(dOut, period);
          if (smallSign != 1f) {
            for (int j = 0; j < period; j++) {
              dSmall[j] = -dSmall[j];
            }
          }
        }
      }
      return aIsBig ? new float[][] {dBig, dSmall} : new float[][] {dSmall, dBig};
    }
  }

  private static float[] negate(float[] x) {
    float[] r = Workspace.floats(x.length);
    for (int i = 0; i < x.length; i++) {
      r[i] = -x[i];
    }
    return r;
  }

  /** See {@link org.convnet4j.Ops#relu}. */
  public static Tensor relu(Tensor x) {
    float[] in = data(Checks.notNull("relu", "x", x));
    float[] out = Workspace.floats(in.length);
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(in[i], 0f);
    }
    Tensor y = TensorAccess.wrap(out, x.shape());
    if (Recording.tracked(x)) {
      Recording.record(new Relu(x, y));
    }
    return y;
  }

  // y = max(x, 0): dy passes where the output is positive (TensorFlow's rule, 0 at x = 0).
  record Relu(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      return new float[][] {BiasReluGradient.throughRelu(dOut, data(output))};
    }
  }

  /** See {@link org.convnet4j.Ops#sigmoid}. */
  public static Tensor sigmoid(Tensor x) {
    // exp(-x) overflows to infinity for x below about -88, which gives the right limit, 0.
    return squash("sigmoid", x, v -> 1.0 / (1.0 + Math.exp(-v)), Sigmoid::new);
  }

  // y = 1 / (1 + exp(-x)): dy/dx = y * (1 - y), so dx = dy * y * (1 - y), from the output alone.
  record Sigmoid(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      return new float[][] {fromOutput(dOut, output, (dy, y) -> dy * y * (1f - y))};
    }
  }

  /** See {@link org.convnet4j.Ops#tanh}. */
  public static Tensor tanh(Tensor x) {
    return squash("tanh", x, Math::tanh, Tanh::new);
  }

  // y = tanh(x): dy/dx = 1 - tanh(x)^2 = 1 - y^2, so dx = dy * (1 - y^2), from the output alone.
  record Tanh(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      return new float[][] {fromOutput(dOut, output, (dy, y) -> dy * (1f - y * y))};
    }
  }

  /** dx for one element of sigmoid or tanh, from dy and the op's output y. */
  interface OutputGradient {
    float dx(float dy, float y);
  }

  // The node keeps the output, not the input: both gradients are functions of y alone.
  private static Tensor squash(
      String op, Tensor x, DoubleUnaryOperator f, BiFunction<Tensor, Tensor, Node> node) {
    float[] in = data(Checks.notNull(op, "x", x));
    float[] out = Workspace.floats(in.length);
    for (int i = 0; i < in.length; i++) {
      out[i] = (float) f.applyAsDouble(in[i]);
    }
    Tensor y = TensorAccess.wrap(out, x.shape());
    if (Recording.tracked(x)) {
      Recording.record(node.apply(x, y));
    }
    return y;
  }

  private static float[] fromOutput(float[] dOut, Tensor output, OutputGradient gradient) {
    float[] y = data(output);
    float[] dInput = Workspace.floats(y.length);
    for (int i = 0; i < y.length; i++) {
      dInput[i] = gradient.dx(dOut[i], y[i]);
    }
    return dInput;
  }

  /** See {@link org.convnet4j.Ops#dropout(Tensor, float, long)}. */
  public static Tensor dropout(Tensor x, float keepProb, long seed) {
    checkDropout(x, keepProb);
    if (keepProb == 1f) {
      return x;
    }
    float[] out = Workspace.floats(x.size());
    Kernels.active().dropout(data(x), keepProb, seed, out, x.size());
    Tensor y = TensorAccess.wrap(out, x.shape());
    if (Recording.tracked(x)) {
      Recording.record(new SeededDropout(x, y, keepProb, seed));
    }
    return y;
  }

  // y = x * m with m = mask / keepProb, a function of the seed and the index: dx = dy * m, the
  // same kernel on dy, the mask drawn again rather than stored.
  record SeededDropout(Tensor input, Tensor output, float keepProb, long seed) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dInput = Workspace.floats(dOut.length);
      Kernels.active().dropout(dOut, keepProb, seed, dInput, dOut.length);
      return new float[][] {dInput};
    }
  }

  private static void checkDropout(Tensor x, float keepProb) {
    Checks.notNull("dropout", "x", x);
    if (!(keepProb > 0f && keepProb <= 1f)) {
      throw Checks.fail("dropout", "keepProb must be in (0, 1], got %s", keepProb);
    }
  }

  /** See {@link org.convnet4j.Ops#dropout(Tensor, float, RandomGenerator)}. */
  public static Tensor dropout(Tensor x, float keepProb, RandomGenerator random) {
    checkDropout(x, keepProb);
    Objects.requireNonNull(random, "dropout: random is null");
    if (keepProb == 1f) {
      return x;
    }
    float[] in = data(x);
    // Each element's factor, 1 / keepProb where kept and 0 where dropped, is also the gradient's.
    float[] factors = Workspace.floats(in.length);
    int scaleBits = Float.floatToRawIntBits(1f / keepProb);
    int keepProbBits = Float.floatToRawIntBits(keepProb);
    float[] out = Workspace.floats(in.length);
    // Branch-free "u < keepProb ? scale : 0": a branch that goes either way at random costs four
    // times the whole loop. u in [0, 1) and keepProb in (0, 1] are non-negative, so their bit
    // patterns, as ints, compare as their values do, and the difference's sign is the keep mask.
    for (int i = 0; i < in.length; i++) {
      int keep = (Float.floatToRawIntBits(random.nextFloat()) - keepProbBits) >> 31;
      factors[i] = Float.intBitsToFloat(scaleBits & keep);
      out[i] = in[i] * factors[i];
    }
    Tensor y = TensorAccess.wrap(out, x.shape());
    if (Recording.tracked(x)) {
      Recording.record(new Dropout(x, y, factors));
    }
    return y;
  }

  // y = x * factor, the factor 1 / keepProb where kept and 0 elsewhere: dy flows the same way.
  record Dropout(Tensor input, Tensor output, float[] factors) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dInput = Workspace.floats(factors.length);
      for (int i = 0; i < factors.length; i++) {
        dInput[i] = dOut[i] * factors[i];
      }
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#reshape}. */
  public static Tensor reshape(Tensor x, int... shape) {
    Checks.notNull("reshape", "x", x);
    Objects.requireNonNull(shape, "reshape: shape is null");
    Tensor y = x.reshape(shape);
    if (Recording.tracked(x)) {
      Recording.record(new Reshape(x, y));
    }
    return y;
  }

  // The same elements in the same order: dOut is the input's gradient as it stands.
  record Reshape(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      return new float[][] {dOut};
    }
  }
}
