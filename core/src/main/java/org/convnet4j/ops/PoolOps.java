package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * {@code maxPool} and {@code avgPool}, forward and gradient rules, and their global forms {@code
 * globalMaxPool} and {@code globalAvgPool}: the same kernels and rules over one window per image.
 */
public final class PoolOps {

  private PoolOps() {}

  /** See {@link org.convnet4j.Ops#maxPool}. */
  public static Tensor maxPool(Tensor value, int[] ksize, int[] strides, Padding padding) {
    Pool2dGeometry g = geometry("maxPool", value, ksize, strides, padding);
    float[] out = Workspace.floats(g.outputSize());
    boolean tracked = Recording.tracked(value);
    // Where no gradient will be taken, the winners' indices are not recorded.
    int[] argmax = tracked ? Workspace.ints(g.outputSize()) : null;
    Kernels.active().maxPool(data(value), out, argmax, g);
    Tensor y = TensorAccess.wrap(out, g.n(), g.oh(), g.ow(), g.c());
    if (tracked) {
      Recording.record(new MaxPool(value, y, argmax, g));
    }
    return y;
  }

  // y = x[argmax]: each dy goes back to the cell that won its window (kept from the forward).
  record MaxPool(Tensor input, Tensor output, int[] argmax, Pool2dGeometry g) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dInput = Workspace.floats(g.inputSize());
      Kernels.active().maxPoolBackward(argmax, dOut, dInput, g);
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#avgPool}. */
  public static Tensor avgPool(Tensor value, int[] ksize, int[] strides, Padding padding) {
    Pool2dGeometry g = geometry("avgPool", value, ksize, strides, padding);
    float[] out = Workspace.floats(g.outputSize());
    Kernels.active().avgPool(data(value), out, g);
    Tensor y = TensorAccess.wrap(out, g.n(), g.oh(), g.ow(), g.c());
    if (Recording.tracked(value)) {
      Recording.record(new AvgPool(value, y, g));
    }
    return y;
  }

  // y = (1/count) * sum of the window's real cells: each dy is shared equally among them.
  record AvgPool(Tensor input, Tensor output, Pool2dGeometry g) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dInput = Workspace.floats(g.inputSize());
      Kernels.active().avgPoolBackward(dOut, dInput, g);
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#globalMaxPool}. */
  public static Tensor globalMaxPool(Tensor value) {
    Pool2dGeometry g = globalGeometry("globalMaxPool", value);
    float[] out = Workspace.floats(g.outputSize());
    boolean tracked = Recording.tracked(value);
    int[] argmax = tracked ? Workspace.ints(g.outputSize()) : null;
    Kernels.active().maxPool(data(value), out, argmax, g);
    Tensor y = TensorAccess.wrap(out, g.n(), g.c());
    if (tracked) {
      // [n, c] is [n, 1, 1, c] in the same order: maxPool's rule applies as it stands.
      Recording.record(new MaxPool(value, y, argmax, g));
    }
    return y;
  }

  /** See {@link org.convnet4j.Ops#globalAvgPool}. */
  public static Tensor globalAvgPool(Tensor value) {
    Pool2dGeometry g = globalGeometry("globalAvgPool", value);
    float[] out = Workspace.floats(g.outputSize());
    Kernels.active().avgPool(data(value), out, g);
    Tensor y = TensorAccess.wrap(out, g.n(), g.c());
    if (Recording.tracked(value)) {
      Recording.record(new AvgPool(value, y, g));
    }
    return y;
  }

  private static Pool2dGeometry globalGeometry(String op, Tensor value) {
    int[] x = Checks.rank(op, "value", value, 4, "[n, h, w, c]");
    return Pool2dGeometry.global(x[0], x[1], x[2], x[3]);
  }

  private static Pool2dGeometry geometry(
      String op, Tensor value, int[] ksize, int[] strides, Padding padding) {
    return geometry(op, Checks.rank(op, "value", value, 4, "[n, h, w, c]"), ksize, strides,
        padding);
  }

  /**
   * The checked geometry of pooling an input of shape {@code [n, h, w, c]}, as {@code maxPool} and
   * {@code avgPool} resolve it; errors are prefixed with {@code op}.
   */
  public static Pool2dGeometry geometry(
      String op, int[] x, int[] ksize, int[] strides, Padding padding) {
    int[] k = Checks.window(op, "ksize", ksize);
    int[] s = Checks.window(op, "strides", strides);
    Padding p = Checks.padding(op, padding);
    Pool2dGeometry g = Checks.geometry(op,
        () -> Pool2dGeometry.of(x[0], x[1], x[2], x[3], k[0], k[1], s[0], s[1], p));
    // A window made only of padding would have no maximum and nothing to average over.
    if (Math.max(g.padTop(), g.padBottom()) >= g.kh()
        || Math.max(g.padLeft(), g.padRight()) >= g.kw()) {
      throw Checks.fail(op, "padding %s must be smaller than the %dx%d window, or some windows"
          + " would hold padding only", p, g.kh(), g.kw());
    }
    return g;
  }
}
