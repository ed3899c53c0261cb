package org.convnet4j.nn;

import java.util.random.RandomGenerator;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.ops.ConvOps;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.ParameterCounts;

/**
 * A 2-D convolution: {@code activation(conv2d(input, kernel) + bias)}, one kernel of {@code [kh,
 * kw, cin]} per filter shared by every output position.
 *
 * <p>Shapes: input {@code [n, h, w, cin]}, kernel {@code [kh, kw, cin, filters]}, bias {@code
 * [filters]}, output {@code [n, oh, ow, filters]} with {@code oh, ow} from the padding's
 * output-size formula. Parameters: {@code (kh * kw * cin + 1) * outputCount()}; without sharing
 * {@code (kh * kw * cin + 1) * oh * ow * outputCount()} (no {@code + 1} without a bias, {@link
 * #withUseBias}).
 */
public final class Conv2D extends WindowedKernelLayer {

  private Conv2dGeometry geometry;

  /** A convolution with square {@code kernelSize} windows, moved {@code stride} cells at a time. */
  public Conv2D(int filters, int kernelSize, int stride, Padding padding, Activation activation) {
    this(filters, Window.square(kernelSize, stride, padding), activation);
  }

  /** A convolution with any window. */
  public Conv2D(int filters, Window window, Activation activation) {
    super(filters, window, activation);
  }

  @Override
  public LayerType type() {
    return LayerType.CONV2D;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    geometry = window().convolution(name(), inputShape, outputCount());
    Conv2dGeometry g = geometry;
    createWeights(
        random,
        g.kh() * g.kw() * g.cin(),
        g.kh() * g.kw() * g.cout(),
        new int[] {g.kh(), g.kw(), g.cin(), g.cout()},
        new int[] {g.cout()});
    return new int[] {g.oh(), g.ow(), g.cout()};
  }

  @Override
  Tensor outputs(Tensor input, Activation activation) {
    boolean relu = activation == Activation.RELU;
    Tensor z = ConvOps.conv2dBias(input, kernel().value(), biasValue(), strides(),
        window().padding(), relu);
    return relu ? z : activation.apply(z);
  }

  /**
   * This layer, with its ReLU, then {@code pool} on its output, as one op ({@link
   * ConvOps#conv2dBiasReluMaxPool}) whose gradient skips a pass over this layer's output: the
   * same numbers as {@code pool.forward(forward(input, training), training)}.
   */
  Tensor forwardThenMaxPool(Tensor input, MaxPool2D pool) {
    checkInput(input);
    return ConvOps.conv2dBiasReluMaxPool(input, kernel().value(), biasValue(), strides(),
        window().padding(), pool.ksize(), pool.strides(), pool.window().padding());
  }

  /**
   * Inference of this layer, which has no activation, then of {@code bn}, and of a ReLU after it
   * when {@code relu}, as one convolution with {@code bn} folded into its kernel and bias ({@link
   * BatchNormalization#fold}) and the ReLU in its epilogue: {@code bn.forward(forward(input,
   * false), false)} (then its ReLU) up to float rounding, without a pass over this layer's output.
   * Not differentiable with respect to the variables.
   */
  Tensor forwardFolding(Tensor input, BatchNormalization bn, boolean relu) {
    checkInput(input);
    Tensor[] folded = bn.fold(kernel().value(), biasValue());
    return ConvOps.conv2dBias(
        input, folded[0], folded[1], strides(), window().padding(), relu);
  }

  /** {@code oh * ow * cout * kh * kw * cin}. */
  @Override
  public long multiplyAdds() {
    requireBuilt();
    Conv2dGeometry g = geometry;
    return (long) g.oh() * g.ow() * g.cout() * g.kh() * g.kw() * g.cin();
  }

  @Override
  public long parameterCount() {
    requireBuilt();
    return ParameterCounts.shared(geometry, useBias());
  }

  @Override
  public long parameterCountWithoutSharing() {
    requireBuilt();
    return ParameterCounts.unshared(geometry, useBias());
  }
}
