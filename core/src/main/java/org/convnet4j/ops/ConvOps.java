package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import java.util.Arrays;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * {@code conv2d}, the convolution layer's fused {@code conv2dBias}, and the unshared twin {@code
 * locallyConnected2d}, forward and gradient rules.
 */
public final class ConvOps {

  private ConvOps() {}

  /** See {@link org.convnet4j.Ops#conv2d}. */
  public static Tensor conv2d(Tensor input, Tensor filter, int[] strides, Padding padding) {
    return convolve("conv2d", input, filter, null, strides, padding, false);
  }

  /**
   * A convolution layer's forward pass, {@code conv2d(input, filter) + bias} followed by a ReLU
   * when {@code relu}, in one pass over the output where the kernels fuse them. The result equals
   * {@code relu(biasAdd(conv2d(input, filter, strides, padding), bias))} (without the ReLU when
   * {@code relu} is false, without the bias when {@code bias} is null, a layer's {@code
   * use_bias=false}), and so does its gradient.
   *
   * <p>Shapes: input {@code [n, h, w, cin]}, filter {@code [kh, kw, cin, cout]}, bias {@code
   * [cout]}, output {@code [n, oh, ow, cout]} with {@code oh} and {@code ow} as for {@link
   * #conv2d}: {@code ceil(h / strideH)} for SAME, {@code ceil((h - kh + 1) / strideH)} for VALID.
   *
   * @throws IllegalArgumentException naming {@code conv2dBias}, for anything {@link #conv2d}
   *     rejects or a bias that is not {@code [cout]}
   */
  public static Tensor conv2dBias(
      Tensor input, Tensor filter, Tensor bias, int[] strides, Padding padding, boolean relu) {
    return convolve("conv2dBias", input, filter, bias, strides, padding, relu);
  }

  /**
   * A convolution layer with a ReLU followed by a max pooling layer, as one op: equals {@code
   * maxPool(conv2dBias(input, filter, bias, strides, padding, true), ksize, poolStrides,
   * poolPadding)}, and so does its gradient; {@code bias} may be null, as there. The kernels may pool the convolution's output piece
   * by piece while it is in cache ({@link Kernels#conv2dBiasReluMaxPool}), and the gradient goes
   * from the pooled gradient to the convolution's in one pass ({@link
   * Kernels#maxPoolBiasReluBackward}) instead of writing the pooling's input gradient and reading
   * it back with the ReLU's output.
   *
   * <p>Shapes: as for {@link #conv2dBias}, whose output {@code [n, oh, ow, cout]} is pooled as by
   * {@code maxPool}.
   *
   * @throws IllegalArgumentException naming {@code conv2dBiasReluMaxPool}, for anything {@link
   *     #conv2dBias} or {@code maxPool} rejects
   */
  public static Tensor conv2dBiasReluMaxPool(Tensor input, Tensor filter, Tensor bias,
      int[] strides, Padding padding, int[] ksize, int[] poolStrides, Padding poolPadding) {
    String op = "conv2dBiasReluMaxPool";
    Conv2dGeometry g = geometry(op, input, filter, strides, padding);
    if (bias != null) {
      Checks.bias(op, bias, g.cout());
    }
    Pool2dGeometry pool = PoolOps.geometry(
        op, new int[] {g.n(), g.oh(), g.ow(), g.cout()}, ksize, poolStrides, poolPadding);
    float[] out = Workspace.floats(pool.outputSize());
    boolean tracked = Recording.tracked(input, filter, bias);
    // Where no gradient will be taken, the pooling's winners are not recorded.
    int[] argmax = tracked ? Workspace.ints(pool.outputSize()) : null;
    Kernels.active().conv2dBiasReluMaxPool(data(input), data(filter), dataOrNull(bias),
        Workspace.floats(g.outputSize()), out, argmax, g, pool);
    Tensor y = TensorAccess.wrap(out, pool.n(), pool.oh(), pool.ow(), pool.c());
    if (tracked) {
      Recording.record(new Conv2dMaxPool(input, filter, bias, y, argmax, g, pool));
    }
    return y;
  }

  // y = maxPool(relu(z)), z = conv2d(x, w) + b: the winner of each window gets dy where its
  // maximum, the ReLU's output there, is positive; that dz then flows as in Conv2d.
  record Conv2dMaxPool(Tensor input, Tensor filter, Tensor bias, Tensor output, int[] argmax,
      Conv2dGeometry g, Pool2dGeometry pool) implements Node {
    @Override
    public Tensor[] inputs() {
      return bias == null ? new Tensor[] {input, filter} : new Tensor[] {input, filter, bias};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dz = Workspace.floats(g.outputSize());
      float[] dBias = bias != null && need[2] ? Workspace.floats(g.cout()) : null;
      if (!need[0] && need[1]) {
        // A first layer: dz serves the filter gradient alone, which may take it image by image.
        float[][] gradients = new float[need.length][];
        gradients[1] = Workspace.floats(g.filterSize());
        Kernels.active().maxPoolBiasReluBackwardFilter(argmax, dOut, data(output), data(input), dz,
            gradients[1], dBias, g, pool);
        if (need.length > 2) {
          gradients[2] = dBias;
        }
        return gradients;
      }
      Kernels.active().maxPoolBiasReluBackward(argmax, dOut, data(output), dz, dBias, pool);
      return inputAndFilterGradients(dz, dBias, need, input, filter, g);
    }
  }

  private static float[] dataOrNull(Tensor t) {
    return t == null ? null : data(t);
  }

  // The checked geometry of convolving input with filter.
  private static Conv2dGeometry geometry(
      String op, Tensor input, Tensor filter, int[] strides, Padding padding) {
    int[] x = Checks.rank(op, "input", input, 4, "[n, h, w, cin]");
    int[] f = Checks.rank(op, "filter", filter, 4, "[kh, kw, cin, cout]");
    if (x[3] != f[2]) {
      throw Checks.fail(op, "input has %d channels but filter %s expects %d",
          x[3], Checks.shape(f), f[2]);
    }
    int[] s = Checks.window(op, "strides", strides);
    Padding p = Checks.padding(op, padding);
    return Checks.geometry(op,
        () -> Conv2dGeometry.of(x[0], x[1], x[2], x[3], f[0], f[1], f[3], s[0], s[1], p));
  }

  // conv2d(input, filter), plus the bias and the ReLU when given.
  private static Tensor convolve(String op, Tensor input, Tensor filter, Tensor bias,
      int[] strides, Padding padding, boolean relu) {
    Conv2dGeometry g = geometry(op, input, filter, strides, padding);
    float[] out = Workspace.floats(g.outputSize());
    if (bias != null) {
      Checks.bias(op, bias, g.cout());
    }
    if (bias == null && !relu) {
      Kernels.active().conv2d(data(input), data(filter), out, g);
    } else {
      Kernels.active().conv2dBiasRelu(data(input), data(filter), dataOrNull(bias), relu, out, g);
    }
    Tensor y = TensorAccess.wrap(out, g.n(), g.oh(), g.ow(), g.cout());
    if (Recording.tracked(input, filter, bias)) {
      Recording.record(new Conv2d(input, filter, bias, relu, y, g));
    }
    return y;
  }

  // y = relu(z), z = conv2d(x, w) + b (no ReLU, no bias for conv2d), with
  // z[n,oy,ox,co] = sum x[n, oy*s-pad+ky, ox*s-pad+kx, ci] * w[ky,kx,ci,co] + b[co]:
  // dz = dy where y > 0, db = dz summed over n, oy, ox; z is linear in x and w, so dx scatters dz
  // through the filter and dw correlates x with dz (the kernels' backward pair).
  record Conv2d(Tensor input, Tensor filter, Tensor bias, boolean relu, Tensor output,
      Conv2dGeometry g) implements Node {
    @Override
    public Tensor[] inputs() {
      return bias == null ? new Tensor[] {input, filter} : new Tensor[] {input, filter, bias};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      if (relu && !need[0] && need[1]) {
        // A first layer: dz serves the filter gradient alone, which may take it image by image.
        float[][] gradients = new float[need.length][];
        gradients[1] = Workspace.floats(g.filterSize());
        float[] dBias = bias != null && need[2] ? Workspace.floats(g.cout()) : null;
        Kernels.active().biasReluBackwardFilter(dOut, data(output), data(input),
            Workspace.floats(g.outputSize()), gradients[1], dBias, g);
        if (need.length > 2) {
          gradients[2] = dBias;
        }
        return gradients;
      }
      BiasReluGradient dBiasRelu =
          BiasReluGradient.of(dOut, relu ? data(output) : null, bias != null && need[2], g.cout());
      return inputAndFilterGradients(dBiasRelu.dz(), dBiasRelu.dBias(), need, input, filter, g);
    }
  }

  // Given dz, the gradient of conv2d(input, filter) (+ bias): the input's and the filter's where
  // need asks for them, then dBias when there is a bias.
  private static float[][] inputAndFilterGradients(float[] dz, float[] dBias, boolean[] need,
      Tensor input, Tensor filter, Conv2dGeometry g) {
    float[][] gradients = new float[need.length][];
    if (need[0]) {
      gradients[0] = Workspace.floats(g.inputSize());
      Kernels.active().conv2dBackwardInput(dz, data(filter), gradients[0], g);
    }
    if (need[1]) {
      gradients[1] = Workspace.floats(g.filterSize());
      Kernels.active().conv2dBackwardFilter(data(input), dz, gradients[1], g);
    }
    if (need.length > 2) {
      gradients[2] = dBias;
    }
    return gradients;
  }

  /** See {@link org.convnet4j.Ops#locallyConnected2d(Tensor, Tensor, Tensor, int[], Padding)}. */
  public static Tensor locallyConnected2d(
      Tensor input, Tensor kernel, Tensor bias, int[] strides, Padding padding) {
    String op = "locallyConnected2d";
    int[] x = Checks.rank(op, "input", input, 4, "[n, h, w, cin]");
    int[] k = Checks.rank(op, "kernel", kernel, 3, "[oh*ow, kh*kw*cin, cout]");
    int cells = k[1] / x[3];
    int side = (int) Math.round(Math.sqrt(cells));
    if (k[1] % x[3] != 0 || side * side != cells) {
      throw Checks.fail(op, "kernel %s does not hold a square window over %d input channels"
          + " (kh*kw*cin = %d); pass ksize for other windows", Checks.shape(k), x[3], k[1]);
    }
    return locallyConnected2d(input, kernel, bias, new int[] {1, side, side, 1}, strides, padding);
  }

  /**
   * See {@link org.convnet4j.Ops#locallyConnected2d(Tensor, Tensor, Tensor, int[], int[],
   * Padding)}.
   */
  public static Tensor locallyConnected2d(
      Tensor input, Tensor kernel, Tensor bias, int[] ksize, int[] strides, Padding padding) {
    String op = "locallyConnected2d";
    int[] x = Checks.rank(op, "input", input, 4, "[n, h, w, cin]");
    int[] k = Checks.rank(op, "kernel", kernel, 3, "[oh*ow, kh*kw*cin, cout]");
    int[] b = Checks.rank(op, "bias", bias, 3, "[oh, ow, cout]");
    int[] win = Checks.window(op, "ksize", ksize);
    int[] s = Checks.window(op, "strides", strides);
    Padding p = Checks.padding(op, padding);
    Conv2dGeometry g = Checks.geometry(op,
        () -> Conv2dGeometry.of(x[0], x[1], x[2], x[3], win[0], win[1], k[2], s[0], s[1], p));
    int[] expectKernel = {g.oh() * g.ow(), g.kh() * g.kw() * g.cin(), g.cout()};
    if (k[0] != expectKernel[0] || k[1] != expectKernel[1]) {
      throw Checks.fail(op, "input %s with a %dx%d window gives a %dx%d output, so kernel must be"
              + " %s, got %s", Checks.shape(x), g.kh(), g.kw(), g.oh(), g.ow(),
          Checks.shape(expectKernel), Checks.shape(k));
    }
    if (b[0] != g.oh() || b[1] != g.ow() || b[2] != g.cout()) {
      throw Checks.fail(op, "bias must be %s, got %s",
          Checks.shape(new int[] {g.oh(), g.ow(), g.cout()}), Checks.shape(b));
    }
    float[] out = Workspace.floats(g.outputSize());
    locallyConnectedForward(data(input), data(kernel), data(bias), out, g);
    Tensor y = TensorAccess.wrap(out, g.n(), g.oh(), g.ow(), g.cout());
    if (Recording.tracked(input, kernel, bias)) {
      Recording.record(new LocallyConnected2d(input, kernel, bias, y, g));
    }
    return y;
  }

  // For each output position p: out[:, p, :] = cols_p [n, K] . kernel[p] [K, cout] + bias[p],
  // where cols_p holds each image's window at p and K = kh*kw*cin.
  private static void locallyConnectedForward(
      float[] input, float[] kernel, float[] bias, float[] out, Conv2dGeometry g) {
    int n = g.n();
    int cout = g.cout();
    int kk = g.kh() * g.kw() * g.cin();
    float[] cols = Workspace.floats(n * kk);
    float[] w = Workspace.floats(kk * cout);
    float[] y = Workspace.floats(n * cout);
    for (int p = 0; p < g.oh() * g.ow(); p++) {
      gatherWindow(input, cols, g, p);
      System.arraycopy(kernel, p * kk * cout, w, 0, kk * cout);
      Kernels.active().matmul(cols, false, w, false, y, n, cout, kk);
      for (int b = 0; b < n; b++) {
        int o = (b * g.oh() * g.ow() + p) * cout;
        for (int co = 0; co < cout; co++) {
          out[o + co] = y[b * cout + co] + bias[p * cout + co];
        }
      }
    }
  }

  // cols[b, (ky*kw + kx)*cin + ci] = input[b, iy, ix, ci] at output position p, zero where padded.
  private static void gatherWindow(float[] input, float[] cols, Conv2dGeometry g, int p) {
    int oy = p / g.ow();
    int ox = p % g.ow();
    int kk = g.kh() * g.kw() * g.cin();
    for (int b = 0; b < g.n(); b++) {
      for (int ky = 0; ky < g.kh(); ky++) {
        int iy = oy * g.strideH() - g.padTop() + ky;
        for (int kx = 0; kx < g.kw(); kx++) {
          int ix = ox * g.strideW() - g.padLeft() + kx;
          int c = b * kk + (ky * g.kw() + kx) * g.cin();
          if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
            Arrays.fill(cols, c, c + g.cin(), 0f);
          } else {
            System.arraycopy(input, ((b * g.h() + iy) * g.w() + ix) * g.cin(), cols, c, g.cin());
          }
        }
      }
    }
  }

  // The transpose of gatherWindow: adds cols back onto the input cells they came from.
  private static void scatterWindow(float[] cols, float[] dInput, Conv2dGeometry g, int p) {
    int oy = p / g.ow();
    int ox = p % g.ow();
    int kk = g.kh() * g.kw() * g.cin();
    for (int b = 0; b < g.n(); b++) {
      for (int ky = 0; ky < g.kh(); ky++) {
        int iy = oy * g.strideH() - g.padTop() + ky;
        for (int kx = 0; kx < g.kw(); kx++) {
          int ix = ox * g.strideW() - g.padLeft() + kx;
          if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
            continue;
          }
          int c = b * kk + (ky * g.kw() + kx) * g.cin();
          int i = ((b * g.h() + iy) * g.w() + ix) * g.cin();
          for (int ci = 0; ci < g.cin(); ci++) {
            dInput[i + ci] += cols[c + ci];
          }
        }
      }
    }
  }

  // Per position p, y_p = cols_p . W_p + b_p: dcols_p = dy_p . W_p^T (scattered back to the input),
  // dW_p = cols_p^T . dy_p, db_p = sum over the batch of dy_p.
  record LocallyConnected2d(
      Tensor input, Tensor kernel, Tensor bias, Tensor output, Conv2dGeometry g) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input, kernel, bias};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      int n = g.n();
      int cout = g.cout();
      int positions = g.oh() * g.ow();
      int kk = g.kh() * g.kw() * g.cin();
      float[] x = data(input);
      float[] k = data(kernel);
      float[] dInput = need[0] ? Workspace.zeros(g.inputSize()) : null;
      float[] dKernel = need[1] ? Workspace.floats(k.length) : null;
      float[] dBias = need[2] ? Workspace.zeros(positions * cout) : null;
      float[] dy = Workspace.floats(n * cout);
      float[] cols = Workspace.floats(n * kk);
      float[] w = need[0] ? Workspace.floats(kk * cout) : null;
      float[] dw = need[1] ? Workspace.floats(kk * cout) : null;
      for (int p = 0; p < positions; p++) {
        for (int b = 0; b < n; b++) {
          System.arraycopy(dOut, (b * positions + p) * cout, dy, b * cout, cout);
        }
        if (need[0]) {
          System.arraycopy(k, p * kk * cout, w, 0, kk * cout);
          Kernels.active().matmul(dy, false, w, true, cols, n, kk, cout);
          scatterWindow(cols, dInput, g, p);
        }
        if (need[1]) {
          gatherWindow(x, cols, g, p);
          Kernels.active().matmul(cols, true, dy, false, dw, kk, cout, n);
          System.arraycopy(dw, 0, dKernel, p * kk * cout, kk * cout);
        }
        if (need[2]) {
          for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
              dBias[p * cout + co] += dy[b * cout + co];
            }
          }
        }
      }
      return new float[][] {dInput, dKernel, dBias};
    }
  }
}
