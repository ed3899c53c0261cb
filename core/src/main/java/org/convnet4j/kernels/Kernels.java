package org.convnet4j.kernels;

import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * The loops behind the ops, on flat row-major {@code float[]} arrays in NHWC layout. Every
 * method overwrites its output array completely. Two implementations exist: {@link
 * ReferenceKernels}, plain scalar loops that define what each op means, and the fast Vector API
 * kernels, which tests compare against the reference. {@link #active()} picks one.
 */
public interface Kernels {

  /** System property naming the kernel set: {@code reference} or {@code vector} (default). */
  String PROPERTY = "convnet4j.kernels";

  /**
   * Runs this kernel set's hottest loops briefly on small operands, so that the JIT has compiled
   * them before real work arrives; worth calling at start-up, on another thread while data loads
   * (it shares nothing with other calls). Returns early, its interrupt still set, when the thread
   * it runs on is interrupted: the compilations it has started go on. Does nothing where nothing
   * needs it.
   */
  default void warmUp() {}

  /** {@code out[n, oh, ow, cout] = sum over ky, kx, ci of input[n, iy, ix, ci] * filter[ky, kx, ci, cout]}. */
  void conv2d(float[] input, float[] filter, float[] out, Conv2dGeometry g);

  /**
   * {@link #conv2d} followed by a per-channel bias and, when {@code relu}, a ReLU, in one pass
   * where the kernel set can fuse them: {@code out[n, oh, ow, cout] = conv2d(...)[n, oh, ow, cout]
   * + bias[cout]}, then {@code max(out, 0)} when {@code relu}. {@code bias} may be null (no bias).
   */
  default void conv2dBiasRelu(
      float[] input, float[] filter, float[] bias, boolean relu, float[] out, Conv2dGeometry g) {
    conv2d(input, filter, out, g);
    addBiasAndRelu(out, g.outputSize(), bias, relu);
  }

  /**
   * {@link #conv2dBiasRelu} with its ReLU, then {@link #maxPool} of that, in one pass where the
   * kernel set can fuse them: {@code out} and {@code argmax} as {@code maxPool} gives them over
   * {@code relu(conv2d(input, filter) + bias)}, with {@code pool} the pooling's geometry over the
   * convolution's output. {@code activations}, of the convolution's output size, is room for that
   * output; a kernel set may use it or keep the output in pieces of its own, so its contents
   * afterwards are unspecified.
   */
  default void conv2dBiasReluMaxPool(
      float[] input,
      float[] filter,
      float[] bias,
      float[] activations,
      float[] out,
      int[] argmax,
      Conv2dGeometry g,
      Pool2dGeometry pool) {
    conv2dBiasRelu(input, filter, bias, true, activations, g);
    maxPool(activations, out, argmax, pool);
  }

  /** Gradient of {@link #conv2d} with respect to its input: {@code dInput[n, h, w, cin]}. */
  void conv2dBackwardInput(float[] dOut, float[] filter, float[] dInput, Conv2dGeometry g);

  /** Gradient of {@link #conv2d} with respect to its filter: {@code dFilter[kh, kw, cin, cout]}. */
  void conv2dBackwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g);

  /**
   * Max pooling over real (unpadded) cells. {@code argmax[i]} receives the flat input index of
   * output {@code i}'s maximum (the first one in window order on ties); {@code argmax} may be null
   * where no gradient will be taken (inference), and then only {@code out} is written.
   */
  void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g);

  /** Gradient of {@link #maxPool}: each {@code dOut[i]} goes to {@code dInput[argmax[i]]}. */
  void maxPoolBackward(int[] argmax, float[] dOut, float[] dInput, Pool2dGeometry g);

  /** Average pooling, dividing by the number of real (unpadded) cells in each window. */
  void avgPool(float[] input, float[] out, Pool2dGeometry g);

  /** Gradient of {@link #avgPool}: each {@code dOut} spread evenly over its window's real cells. */
  void avgPoolBackward(float[] dOut, float[] dInput, Pool2dGeometry g);

  /**
   * {@code c[m, n] = op(a) · op(b)}, where {@code op(a)} is {@code [m, k]} (stored as {@code [k, m]}
   * when {@code transposeA}) and {@code op(b)} is {@code [k, n]} (stored as {@code [n, k]} when
   * {@code transposeB}).
   */
  void matmul(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k);

  /**
   * {@link #matmul} followed by a per-column bias and, when {@code relu}, a ReLU, in one pass where
   * the kernel set can fuse them: {@code c[m, n] = op(a) · op(b) + bias[n]}, then {@code max(c, 0)}
   * when {@code relu}. {@code bias} may be null (no bias).
   */
  default void matmulBiasRelu(
      float[] a,
      boolean transposeA,
      float[] b,
      boolean transposeB,
      float[] bias,
      boolean relu,
      float[] c,
      int m,
      int n,
      int k) {
    matmul(a, transposeA, b, transposeB, c, m, n, k);
    addBiasAndRelu(c, m * n, bias, relu);
  }

  /**
   * The gradient through a ReLU whose output was {@code y}: {@code dInput[i] = dOut[i]} where
   * {@code y[i] > 0}, else 0 (TensorFlow's rule, 0 at the kink), for {@code i < size}.
   */
  void reluBackward(float[] dOut, float[] y, float[] dInput, int size);

  /**
   * The gradient of a bias added to each of {@code rows} rows of {@code channels} elements: {@code
   * dBias[c] = sum over rows r of dOut[r * channels + c]}.
   */
  void biasBackward(float[] dOut, float[] dBias, int rows, int channels);

  /**
   * The gradients of a bias followed by a ReLU whose output was {@code y}, in one pass where the
   * kernel set can fuse them: {@link #reluBackward} into {@code dz}, then {@link #biasBackward} of
   * {@code dz} into {@code dBias}.
   */
  default void biasReluBackward(
      float[] dOut, float[] y, float[] dz, float[] dBias, int rows, int channels) {
    reluBackward(dOut, y, dz, rows * channels);
    biasBackward(dz, dBias, rows, channels);
  }

  /**
   * The gradients through a bias, a ReLU and a max pooling, {@code pooled = maxPool(relu(z))} with
   * {@code z = x + bias}, in one pass where the kernel set can fuse them: {@link #maxPoolBackward}
   * of {@code dOut} into {@code dz}, zero where the ReLU's output was not positive, then {@link
   * #biasBackward} of {@code dz} into {@code dBias} (skipped when {@code dBias} is null). A winning
   * cell's ReLU output is its window's maximum, so {@code pooled} (the pooling's output) tells where
   * the ReLU passed the gradient; {@code dz} has the pooling's input size.
   */
  default void maxPoolBiasReluBackward(
      int[] argmax, float[] dOut, float[] pooled, float[] dz, float[] dBias, Pool2dGeometry g) {
    maxPoolBackward(argmax, dOut, dz, g);
    // Every output routed to a cell saw the same value there, so one test per output suffices.
    for (int i = 0; i < g.outputSize(); i++) {
      if (argmax[i] >= 0 && !(pooled[i] > 0)) {
        dz[argmax[i]] = 0f;
      }
    }
    if (dBias != null) {
      biasBackward(dz, dBias, g.inputSize() / g.c(), g.c());
    }
  }

  /**
   * The filter and bias gradients of a convolution with a ReLU and a max pooling ({@link
   * #conv2dBiasReluMaxPool}) whose input needs no gradient, a first layer: {@link
   * #maxPoolBiasReluBackward} into {@code dz}, then {@link #conv2dBackwardFilter} of it into {@code
   * dFilter}, in one pass where the kernel set can fuse them (image by image, each image's {@code
   * dz} used while it is in cache); {@code dz}, of the convolution's output size, then holds
   * nothing defined. {@code dBias} may be null.
   */
  default void maxPoolBiasReluBackwardFilter(
      int[] argmax,
      float[] dOut,
      float[] pooled,
      float[] input,
      float[] dz,
      float[] dFilter,
      float[] dBias,
      Conv2dGeometry g,
      Pool2dGeometry pool) {
    maxPoolBiasReluBackward(argmax, dOut, pooled, dz, dBias, pool);
    conv2dBackwardFilter(input, dz, dFilter, g);
  }

  /**
   * The filter and bias gradients of a convolution with a bias and a ReLU ({@link
   * #conv2dBiasRelu}, {@code y} its output) whose input needs no gradient, a first layer: {@link
   * #biasReluBackward} into {@code dz} (or {@link #reluBackward} when {@code dBias} is null), then
   * {@link #conv2dBackwardFilter} of it into {@code dFilter}, in one pass where the kernel set can
   * fuse them (image by image, each image's {@code dz} used while it is in cache); {@code dz}, of
   * the convolution's output size, then holds nothing defined. Fused, {@code dBias} is summed image
   * by image, a grouping of its terms of its own.
   */
  default void biasReluBackwardFilter(
      float[] dOut,
      float[] y,
      float[] input,
      float[] dz,
      float[] dFilter,
      float[] dBias,
      Conv2dGeometry g) {
    int rows = g.n() * g.oh() * g.ow();
    if (dBias == null) {
      reluBackward(dOut, y, dz, rows * g.cout());
    } else {
      biasReluBackward(dOut, y, dz, dBias, rows, g.cout());
    }
    conv2dBackwardFilter(input, dz, dFilter, g);
  }

  /**
   * Batch normalization's statistics over {@code rows} rows of {@code channels} (channels last,
   * TensorFlow's {@code tf.nn.moments} over every axis but the last): {@code mean[c] = sum over r
   * of x[r, c] / rows} and the biased variance {@code variance[c] = sum over r of (x[r, c] -
   * mean[c])^2 / rows}, the squared deviations from that mean (not {@code E[x^2] - mean^2}, which
   * cancels badly in float).
   */
  void moments(float[] x, int rows, int channels, float[] mean, float[] variance);

  /**
   * {@code out[r, c] = x[r, c] * scale[c] + shift[c]}, rounded once (a fused multiply-add), then
   * {@code max(out, 0)} when {@code relu}: batch normalization's forward pass once its per-channel
   * factors are known ({@code scale = gamma / sqrt(variance + epsilon)}, {@code shift = beta - mean
   * * scale}, TensorFlow's {@code tf.nn.batch_normalization}), with the ReLU after it in the same
   * pass.
   */
  void scaleShift(
      float[] x, int rows, int channels, float[] scale, float[] shift, boolean relu, float[] out);

  /**
   * The two per-channel sums batch normalization's gradients are made of: {@code sumDOut[c] = sum
   * over r of g[r, c]} and {@code sumDOutCentered[c] = sum over r of g[r, c] * (x[r, c] -
   * mean[c])}, where {@code g} is {@code dOut}, or, when {@code reluScale} is not null (a ReLU
   * followed the normalization, whose output was {@code scaleShift(x, reluScale, reluShift,
   * true)}), {@code dOut} where that ReLU's input {@code x * reluScale + reluShift} (rounded as
   * {@link #scaleShift} rounds it) was positive, else 0: the gradient through the ReLU, TensorFlow's
   * rule, without reading the ReLU's output.
   */
  void batchNormSums(float[] dOut, float[] x, float[] mean, float[] reluScale, float[] reluShift,
      int rows, int channels, float[] sumDOut, float[] sumDOutCentered);

  /**
   * {@code dInput[r, c] = g[r, c] * dOutScale[c] + x[r, c] * xScale[c] + shift[c]}, with {@code g}
   * as in {@link #batchNormSums} ({@code dOut}, or masked by the ReLU when {@code reluScale} is
   * not null): batch normalization's input gradient, whose per-channel factors come from {@link
   * #batchNormSums}.
   */
  void batchNormBackwardInput(float[] dOut, float[] x, float[] reluScale, float[] reluShift,
      int rows, int channels, float[] dOutScale, float[] xScale, float[] shift, float[] dInput);

  /**
   * Seeded dropout, TensorFlow 1's {@code tf.nn.dropout(x, keepProb)} with the mask of {@link
   * DropoutMask}: {@code out[i] = x[i] * (1 / keepProb)} where {@code DropoutMask.keeps(key0(seed),
   * key1(seed), i, keepProb)}, else 0, for {@code i < size}. Its gradient is the same function of
   * {@code dOut}.
   */
  void dropout(float[] x, float keepProb, long seed, float[] out, int size);

  /**
   * One step of Adam over elements {@code [from, to)}, element by element in this order and
   * rounding: {@code m = keep1 * m + take1 * g}, {@code v = keep2 * v + take2 * g * g}, each then
   * zero where subnormal (below 2^-126 in magnitude), then {@code value -= stepSize * m / (sqrt(v)
   * + epsilon)}. The flush is what TensorFlow's CPU kernels get from the flush-to-zero mode they
   * run in, and Java cannot set: a weight whose gradient stays zero (a unit its ReLU has shut off)
   * has its {@code m} shrink by {@code keep1} a step into the subnormal range, and on x86 every
   * instruction that reads a subnormal takes a microcode assist. Without the flush, training the
   * tutorial's network slowed by a quarter from about step 650 on (19 % of dense_1's {@code m}
   * subnormal by step 1,300).
   */
  void adamUpdate(float[] value, float[] gradient, float[] m, float[] v, int from, int to,
      float keep1, float take1, float keep2, float take2, float stepSize, float epsilon);

  /**
   * One step of momentum over elements {@code [from, to)}: {@code a = keep * a + g}, zero where
   * subnormal (as in {@link #adamUpdate}, whose reasons hold for an accumulator that shrinks by
   * {@code keep} a step), then {@code value -= learningRate * a}.
   */
  void momentumUpdate(float[] value, float[] gradient, float[] accumulator, int from, int to,
      float keep, float learningRate);

  /** The kernel set named by the {@value #PROPERTY} system property. */
  static Kernels active() {
    return KernelSelection.ACTIVE;
  }

  // The unfused meaning of the *BiasRelu kernels: out[i] += bias[i % bias.length], then ReLU.
  private static void addBiasAndRelu(float[] out, int size, float[] bias, boolean relu) {
    for (int i = 0; i < size; i++) {
      float v = bias == null ? out[i] : out[i] + bias[i % bias.length];
      out[i] = relu ? Math.max(v, 0f) : v;
    }
  }
}
