package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import java.util.Arrays;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;

/**
 * Reductions: {@code reduceSum} and {@code reduceMean} (whole tensor, or one axis, which the result
 * drops), with gradient rules; {@code argmax} and {@code accuracy}, which have no gradient.
 *
 * <p>An axis splits a row-major tensor into {@code outer x len x inner}: element {@code (o, a, i)}
 * sits at {@code (o * len + a) * inner + i}. A whole-tensor reduction is {@code 1 x size x 1}.
 */
public final class ReduceOps {

  private ReduceOps() {}

  /** See {@link org.convnet4j.Ops#reduceSum(Tensor)}. */
  public static Tensor reduceSum(Tensor x) {
    return reduce("reduceSum", x, null, false);
  }

  /** See {@link org.convnet4j.Ops#reduceSum(Tensor, int)}. */
  public static Tensor reduceSum(Tensor x, int axis) {
    return reduce("reduceSum", x, axis, false);
  }

  /** See {@link org.convnet4j.Ops#reduceMean(Tensor)}. */
  public static Tensor reduceMean(Tensor x) {
    return reduce("reduceMean", x, null, true);
  }

  /** See {@link org.convnet4j.Ops#reduceMean(Tensor, int)}. */
  public static Tensor reduceMean(Tensor x, int axis) {
    return reduce("reduceMean", x, axis, true);
  }

  private static Tensor reduce(String op, Tensor x, Integer axis, boolean mean) {
    int[] s = Checks.notNull(op, "x", x).shape();
    int a = axis == null ? -1 : Checks.axis(op, axis, s.length);
    int len = a < 0 ? x.size() : s[a];
    int inner = a < 0 ? 1 : x.size() / len / outer(s, a);
    int outer = x.size() / len / inner;
    float[] in = data(x);
    float[] out = Workspace.floats(outer * inner);
    double[] acc = new double[inner];
    for (int o = 0; o < outer; o++) {
      Arrays.fill(acc, 0);
      for (int k = 0; k < len; k++) {
        int base = (o * len + k) * inner;
        for (int i = 0; i < inner; i++) {
          acc[i] += in[base + i];
        }
      }
      for (int i = 0; i < inner; i++) {
        out[o * inner + i] = (float) (mean ? acc[i] / len : acc[i]);
      }
    }
    int[] shape = a < 0 ? new int[0] : dropAxis(s, a);
    Tensor y = TensorAccess.wrap(out, shape);
    if (Recording.tracked(x)) {
      Recording.record(new Reduce(x, y, len, inner, mean));
    }
    return y;
  }

  // y[o, i] = sum (or mean) over a of x[o, a, i]: dx[o, a, i] = dy[o, i] (divided by len for mean).
  record Reduce(Tensor input, Tensor output, int len, int inner, boolean mean) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dInput = Workspace.floats(input.size());
      float scale = mean ? 1f / len : 1f;
      int outer = dOut.length / inner;
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < len; k++) {
          int base = (o * len + k) * inner;
          for (int i = 0; i < inner; i++) {
            dInput[base + i] = dOut[o * inner + i] * scale;
          }
        }
      }
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#argmax}. */
  public static Tensor argmax(Tensor x, int axis) {
    String op = "argmax";
    int[] s = Checks.minRank(op, "x", x, 1);
    int a = Checks.axis(op, axis, s.length);
    int len = s[a];
    int outer = outer(s, a);
    int inner = x.size() / len / outer;
    float[] in = data(x);
    float[] out = Workspace.floats(outer * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int best = 0;
        float bestValue = in[o * len * inner + i];
        for (int k = 1; k < len; k++) {
          float v = in[(o * len + k) * inner + i];
          if (v > bestValue) {
            best = k;
            bestValue = v;
          }
        }
        out[o * inner + i] = best;
      }
    }
    return TensorAccess.wrap(out, dropAxis(s, a));
  }

  /** See {@link org.convnet4j.Ops#accuracy}. */
  public static Tensor accuracy(Tensor logits, Tensor labels) {
    String op = "accuracy";
    int[] sx = Checks.rank(op, "logits", logits, 2, "[n, classes]");
    int[] sy = Checks.rank(op, "labels", labels, 2, "[n, classes] (one-hot)");
    if (!Arrays.equals(sx, sy)) {
      throw Checks.fail(op, "logits %s and labels %s must have the same shape",
          Checks.shape(sx), Checks.shape(sy));
    }
    float[] predicted = data(argmax(logits, 1));
    float[] expected = data(argmax(labels, 1));
    int correct = 0;
    for (int r = 0; r < predicted.length; r++) {
      if (predicted[r] == expected[r]) {
        correct++;
      }
    }
    return Tensor.scalar((float) correct / predicted.length);
  }

  private static int outer(int[] s, int axis) {
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= s[i];
    }
    return outer;
  }

  private static int[] dropAxis(int[] s, int axis) {
    int[] r = new int[s.length - 1];
    System.arraycopy(s, 0, r, 0, axis);
    System.arraycopy(s, axis + 1, r, axis, s.length - axis - 1);
    return r;
  }
}
