package org.convnet4j;

import java.util.random.RandomGenerator;
import org.convnet4j.ops.ConvOps;
import org.convnet4j.ops.ElementwiseOps;
import org.convnet4j.ops.MatrixOps;
import org.convnet4j.ops.NormalizationOps;
import org.convnet4j.ops.PoolOps;
import org.convnet4j.ops.ReduceOps;
import org.convnet4j.ops.SoftmaxOps;

/**
 * TensorFlow's operations, with TensorFlow's names and semantics: NHWC images {@code [n, h, w,
 * c]}, filters {@code [kh, kw, cin, cout]}, 4-element {@code strides} and {@code ksize} whose batch
 * and channel entries are 1. Every op returns a new tensor and is differentiable by a {@link
 * GradientTape} unless its documentation says otherwise.
 *
 * <p>Window ops size their output along each spatial axis from input {@code in}, window {@code f}
 * and stride {@code s} as {@link Padding} describes: {@code SAME} gives {@code ceil(in / s)} (the
 * odd padding cell at the bottom/right), {@code VALID} gives {@code ceil((in - f + 1) / s)},
 * explicit padding gives {@code floor((in - f + before + after) / s) + 1}.
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} naming the op, what it expected and what
 * it got, for example {@code conv2d: input has 3 channels but filter [5,5,4,64] expects 4}.
 */
public final class Ops {

  private Ops() {}

  /**
   * 2-D convolution, TensorFlow's {@code tf.nn.conv2d}: {@code out[b, oy, ox, co] = sum over ky,
   * kx, ci of input[b, oy*strideH - padTop + ky, ox*strideW - padLeft + kx, ci] * filter[ky, kx,
   * ci, co]}, with padded cells reading as zero.
   *
   * <p><b>Shapes:</b> input {@code [n, h, w, cin]}, filter {@code [kh, kw, cin, cout]}, strides
   * {@code [1, strideH, strideW, 1]}, output {@code [n, oh, ow, cout]} with {@code oh, ow} from the
   * padding's formula. The tutorial's example: {@code [1, 10, 10, 3]} with a {@code [5, 5, 3,
   * 64]} filter, strides {@code [1, 2, 2, 1]}, {@code SAME} gives {@code [1, 5, 5, 64]}.
   *
   * @throws IllegalArgumentException on a wrong rank, channel mismatch, bad strides, or a
   *     {@code VALID} window larger than the input
   */
  public static Tensor conv2d(Tensor input, Tensor filter, int[] strides, Padding padding) {
    return ConvOps.conv2d(input, filter, strides, padding);
  }

  /**
   * A convolution without parameter sharing (the tutorial's "without parameter sharing" layer,
   * Keras' {@code LocallyConnected2D}): the same windows as {@link #conv2d}, but each output
   * position has its own weights and bias. The window is square, {@code kh = kw =
   * sqrt(kernel.dim(1) / cin)}; use {@link #locallyConnected2d(Tensor, Tensor, Tensor, int[],
   * int[], Padding)} for other windows.
   *
   * <p><b>Shapes:</b> input {@code [n, h, w, cin]}, kernel {@code [oh*ow, kh*kw*cin, cout]}
   * (Keras' layout: position {@code oy*ow + ox}, window cell {@code (ky*kw + kx)*cin + ci}), bias
   * {@code [oh, ow, cout]}, output {@code [n, oh, ow, cout]}. Parameters: {@code (kh*kw*cin + 1) *
   * oh*ow*cout}, the tutorial's 756,560 for 32x32x3 input, 20 filters of 8x8, stride 2, padding 1.
   */
  public static Tensor locallyConnected2d(
      Tensor input, Tensor kernel, Tensor bias, int[] strides, Padding padding) {
    return ConvOps.locallyConnected2d(input, kernel, bias, strides, padding);
  }

  /**
   * {@link #locallyConnected2d(Tensor, Tensor, Tensor, int[], Padding)} with the window given as
   * {@code ksize = [1, kh, kw, 1]}.
   */
  public static Tensor locallyConnected2d(
      Tensor input, Tensor kernel, Tensor bias, int[] ksize, int[] strides, Padding padding) {
    return ConvOps.locallyConnected2d(input, kernel, bias, ksize, strides, padding);
  }

  /**
   * Max pooling, TensorFlow's {@code tf.nn.max_pool}: the largest real cell of each window; padded
   * cells never win (they are ignored, not zeros). The gradient goes to the winning cell (the
   * first in window order on ties).
   *
   * <p><b>Shapes:</b> value {@code [n, h, w, c]}, ksize {@code [1, kh, kw, 1]}, strides {@code [1,
   * strideH, strideW, 1]}, output {@code [n, oh, ow, c]}. The tutorial's 2x2 window with stride 2,
   * {@code SAME}, halves 28x28 to 14x14 and 7x7 to 4x4.
   *
   * @throws IllegalArgumentException on a wrong rank, bad ksize or strides, or explicit padding as
   *     large as the window (a window of padding only)
   */
  public static Tensor maxPool(Tensor value, int[] ksize, int[] strides, Padding padding) {
    return PoolOps.maxPool(value, ksize, strides, padding);
  }

  /**
   * Average pooling, TensorFlow's {@code tf.nn.avg_pool}: the mean of each window's real cells,
   * dividing by their count (padded cells are not counted).
   *
   * <p><b>Shapes:</b> as {@link #maxPool}.
   */
  public static Tensor avgPool(Tensor value, int[] ksize, int[] strides, Padding padding) {
    return PoolOps.avgPool(value, ksize, strides, padding);
  }

  /**
   * Global max pooling, Keras' {@code GlobalMaxPooling2D} ({@code tf.reduce_max(value, axis=[1,
   * 2])}): the largest value of each channel over the whole image. The gradient goes to that cell
   * (the first in row-major order on ties).
   *
   * <p><b>Shapes:</b> value {@code [n, h, w, c]}, output {@code [n, c]}: {@code [2, 7, 7, 64]}
   * gives {@code [2, 64]}.
   *
   * @throws IllegalArgumentException unless value has rank 4
   */
  public static Tensor globalMaxPool(Tensor value) {
    return PoolOps.globalMaxPool(value);
  }

  /**
   * Global average pooling, Keras' {@code GlobalAveragePooling2D} ({@code tf.reduce_mean(value,
   * axis=[1, 2])}): the mean of each channel over the whole image, {@code out[b, c] = sum over y, x
   * of value[b, y, x, c] / (h * w)}. The gradient shares each {@code dOut[b, c]} equally among the
   * {@code h * w} cells.
   *
   * <p><b>Shapes:</b> value {@code [n, h, w, c]}, output {@code [n, c]}.
   *
   * @throws IllegalArgumentException unless value has rank 4
   */
  public static Tensor globalAvgPool(Tensor value) {
    return PoolOps.globalAvgPool(value);
  }

  /**
   * Adds {@code bias} along the last (channel) axis, TensorFlow's {@code tf.nn.bias_add}.
   *
   * <p><b>Shapes:</b> value {@code [..., c]} of rank 2 or more, bias {@code [c]}, output like
   * value.
   */
  public static Tensor biasAdd(Tensor value, Tensor bias) {
    return ElementwiseOps.biasAdd(value, bias);
  }

  /** {@code max(x, 0)} element by element, TensorFlow's {@code tf.nn.relu}. Any shape. */
  public static Tensor relu(Tensor x) {
    return ElementwiseOps.relu(x);
  }

  /**
   * The logistic function {@code 1 / (1 + exp(-x))} element by element, TensorFlow's {@code
   * tf.math.sigmoid}: values in {@code (0, 1)} (rounding to 0 or 1 in float far out). The gradient
   * is {@code y * (1 - y)}. Any shape.
   */
  public static Tensor sigmoid(Tensor x) {
    return ElementwiseOps.sigmoid(x);
  }

  /**
   * The hyperbolic tangent element by element, TensorFlow's {@code tf.math.tanh}: values in {@code
   * (-1, 1)}. The gradient is {@code 1 - y^2}. Any shape.
   */
  public static Tensor tanh(Tensor x) {
    return ElementwiseOps.tanh(x);
  }

  /**
   * Matrix product {@code a . b}.
   *
   * <p><b>Shapes:</b> a {@code [m, k]}, b {@code [k, n]}, output {@code [m, n]}.
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    return MatrixOps.matmul(a, b, false, false);
  }

  /**
   * Matrix product {@code op(a) . op(b)}, where {@code op} transposes when its flag is set,
   * TensorFlow's {@code tf.matmul(a, b, transpose_a, transpose_b)}.
   *
   * <p><b>Shapes:</b> {@code op(a)} {@code [m, k]} (a stored {@code [k, m]} when transposed),
   * {@code op(b)} {@code [k, n]} (b stored {@code [n, k]} when transposed), output {@code [m, n]}.
   */
  public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    return MatrixOps.matmul(a, b, transposeA, transposeB);
  }

  /**
   * {@code a + b} element by element. <b>Shapes:</b> equal; or one operand's shape a trailing part
   * of the other's, repeated over the rest ({@code [n, 1024] + [1024]}, or a scalar); or one
   * operand of a single element. The output has the larger shape.
   */
  public static Tensor add(Tensor a, Tensor b) {
    return ElementwiseOps.add(a, b);
  }

  /** {@code a - b} element by element, broadcasting as {@link #add}. */
  public static Tensor subtract(Tensor a, Tensor b) {
    return ElementwiseOps.subtract(a, b);
  }

  /** {@code a * b} element by element, broadcasting as {@link #add}. */
  public static Tensor multiply(Tensor a, Tensor b) {
    return ElementwiseOps.multiply(a, b);
  }

  /**
   * The same elements in another shape; one dimension may be {@code -1} (whatever size fits), as
   * in the tutorial's {@code tf.reshape(conv2, [-1, 7*7*64])}. Unlike {@link Tensor#reshape}, a
   * {@link GradientTape} sees this one.
   */
  public static Tensor reshape(Tensor x, int... shape) {
    return ElementwiseOps.reshape(x, shape);
  }

  /**
   * TensorFlow 1's {@code tf.nn.dropout(x, keep_prob)}: keeps each element with probability
   * {@code keepProb} and scales kept ones by {@code 1 / keepProb}, zeroing the rest, so the
   * expected value is unchanged. Whether element {@code i} is kept is a function of the seed and
   * {@code i} alone ({@link org.convnet4j.kernels.DropoutMask}, a counter-based generator like
   * TensorFlow 2's stateless random ops): the same seed drops the same elements, on any number of
   * threads, and the gradient draws the mask again instead of keeping it. With {@code keepProb =
   * 1} (evaluation) it returns {@code x} itself.
   *
   * @throws IllegalArgumentException unless {@code 0 < keepProb <= 1}
   */
  public static Tensor dropout(Tensor x, float keepProb, long seed) {
    return ElementwiseOps.dropout(x, keepProb, seed);
  }

  /**
   * {@link #dropout(Tensor, float, long)} keeping the elements whose draws from {@code random}, one
   * {@code nextFloat()} per element in order, are below {@code keepProb}.
   */
  public static Tensor dropout(Tensor x, float keepProb, RandomGenerator random) {
    return ElementwiseOps.dropout(x, keepProb, random);
  }

  /**
   * Batch normalization with given statistics, TensorFlow's {@code tf.nn.batch_normalization(x,
   * mean, variance, offset, scale, variance_epsilon)} over the last (channel) axis: {@code y =
   * (x - mean) * scale / sqrt(variance + epsilon) + offset}, computed per channel as {@code x *
   * inv + (offset - mean * inv)} with {@code inv = scale / sqrt(variance + epsilon)}. What a {@code
   * BatchNormalization} layer does in inference, with its moving statistics. Differentiable with
   * respect to every tensor.
   *
   * <p><b>Shapes:</b> x {@code [..., c]} of rank 2 or more (a dense layer's {@code [n, c]}, an
   * image batch's {@code [n, h, w, c]}); mean, variance, offset and scale {@code [c]}; output like
   * x.
   *
   * @throws IllegalArgumentException on a rank below 2, a per-channel tensor that is not {@code
   *     [c]}, or an epsilon that is not positive
   */
  public static Tensor batchNormalization(Tensor x, Tensor mean, Tensor variance, Tensor offset,
      Tensor scale, float epsilon) {
    return NormalizationOps.batchNormalization(x, mean, variance, offset, scale, epsilon);
  }

  /**
   * Batch normalization with the batch's own statistics, TensorFlow's {@code fused_batch_norm(x,
   * scale, offset, epsilon=epsilon, is_training=True)} over the last axis: the mean and the biased
   * variance (divided by the number of rows, as Keras 3's {@code ops.moments}) of every channel
   * over all other axes, then {@link #batchNormalization} with them. What a {@code
   * BatchNormalization} layer does while training. The output is differentiable with respect to
   * x (through the statistics too), scale and offset; the returned mean and variance are not.
   *
   * <p><b>Shapes:</b> x {@code [..., c]} of rank 2 or more; scale and offset {@code [c]}; output
   * like x, mean and variance {@code [c]}.
   *
   * @throws IllegalArgumentException as {@link #batchNormalization}
   */
  public static NormalizationOps.FusedBatchNorm fusedBatchNorm(Tensor x, Tensor scale,
      Tensor offset, float epsilon) {
    return NormalizationOps.fusedBatchNorm(x, scale, offset, epsilon);
  }

  /**
   * {@link #fusedBatchNorm} followed by {@link #relu} as one op: the output is {@code max(y, 0)}
   * of fusedBatchNorm's {@code y}, the mean and variance are the same. One pass less over the
   * tensor forward, and two backward, since the gradient through the ReLU is taken from {@code x}
   * and the normalization's factors rather than from a tensor of its own. What a {@code
   * BatchNormalization} layer followed by a ReLU does while training. Differentiable as
   * fusedBatchNorm.
   *
   * <p><b>Shapes:</b> as {@link #fusedBatchNorm}.
   *
   * @throws IllegalArgumentException as {@link #batchNormalization}
   */
  public static NormalizationOps.FusedBatchNorm fusedBatchNormRelu(Tensor x, Tensor scale,
      Tensor offset, float epsilon) {
    return NormalizationOps.fusedBatchNormRelu(x, scale, offset, epsilon);
  }

  /** {@code exp(x) / sum(exp(x))} over the last axis, computed stably. Any rank from 1. */
  public static Tensor softmax(Tensor logits) {
    return SoftmaxOps.softmax(logits);
  }

  /** {@code x - log(sum(exp(x)))} over the last axis, computed stably. Any rank from 1. */
  public static Tensor logSoftmax(Tensor logits) {
    return SoftmaxOps.logSoftmax(logits);
  }

  /**
   * TensorFlow's {@code tf.nn.softmax_cross_entropy_with_logits(labels, logits)}: per row {@code
   * -sum(labels * logSoftmax(logits))} over the last axis, computed stably. Differentiable with
   * respect to both; the logits' gradient is {@code softmax(logits) - labels} for labels that sum
   * to 1.
   *
   * <p><b>Shapes:</b> labels and logits {@code [..., classes]}, alike; output {@code [...]}, one
   * loss per row ({@code [n]} for {@code [n, classes]}). Average it with {@link #reduceMean}.
   */
  public static Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
    return SoftmaxOps.softmaxCrossEntropyWithLogits(labels, logits);
  }

  /** The sum of all elements, a scalar (shape {@code []}). */
  public static Tensor reduceSum(Tensor x) {
    return ReduceOps.reduceSum(x);
  }

  /**
   * Sums along {@code axis} (negative counts from the end), which the result drops: {@code [2, 3]}
   * summed along 1 is {@code [2]}.
   */
  public static Tensor reduceSum(Tensor x, int axis) {
    return ReduceOps.reduceSum(x, axis);
  }

  /** The mean of all elements, a scalar (shape {@code []}). */
  public static Tensor reduceMean(Tensor x) {
    return ReduceOps.reduceMean(x);
  }

  /** Averages along {@code axis} (negative counts from the end), which the result drops. */
  public static Tensor reduceMean(Tensor x, int axis) {
    return ReduceOps.reduceMean(x, axis);
  }

  /**
   * The index of the largest element along {@code axis} (the first on ties), as float values in a
   * tensor without that axis. Not differentiable.
   */
  public static Tensor argmax(Tensor x, int axis) {
    return ReduceOps.argmax(x, axis);
  }

  /**
   * The fraction of rows whose largest logit is at the labels' largest entry, as a scalar: the
   * tutorial's {@code reduce_mean(cast(equal(argmax(logits, 1), argmax(y, 1)), float32))}. Not
   * differentiable.
   *
   * <p><b>Shapes:</b> logits and one-hot labels {@code [n, classes]}; output {@code []}.
   */
  public static Tensor accuracy(Tensor logits, Tensor labels) {
    return ReduceOps.accuracy(logits, labels);
  }
}
