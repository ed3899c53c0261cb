package org.convnet4j.nn;

import java.util.random.RandomGenerator;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The tutorial's convolution "without parameter sharing": the same windows as {@link Conv2D}, but
 * every output position has its own kernel and bias (Keras' {@code LocallyConnected2D}).
 *
 * <p>Shapes: input {@code [n, h, w, cin]}, kernel {@code [oh * ow, kh * kw * cin, filters]}, bias
 * {@code [oh, ow, filters]}, output {@code [n, oh, ow, filters]}. Parameters: {@code (kh * kw * cin
 * + 1) * oh * ow * outputCount()} (no {@code + 1} without a bias), the unshared count of the
 * matching Conv2D.
 */
public final class LocallyConnected2D extends WindowedKernelLayer {

  // Without a bias variable, the op adds this constant: zeros nothing differentiates by.
  private Tensor zeroBias;

  /** A locally connected layer with square windows. */
  public LocallyConnected2D(
      int filters, int kernelSize, int stride, Padding padding, Activation activation) {
    this(filters, Window.square(kernelSize, stride, padding), activation);
  }

  /** A locally connected layer with any window. */
  public LocallyConnected2D(int filters, Window window, Activation activation) {
    super(filters, window, activation);
  }

  @Override
  public LayerType type() {
    return LayerType.LOCALLY_CONNECTED2D;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    Conv2dGeometry g = window().convolution(name(), inputShape, outputCount());
    int patch = g.kh() * g.kw() * g.cin();
    zeroBias = useBias() ? null : Tensor.zeros(g.oh(), g.ow(), outputCount());
    createWeights(
        random,
        patch,
        g.kh() * g.kw() * outputCount(),
        new int[] {g.oh() * g.ow(), patch, outputCount()},
        new int[] {g.oh(), g.ow(), outputCount()});
    return new int[] {g.oh(), g.ow(), outputCount()};
  }

  /** {@code oh * ow * filters * kh * kw * cin}, as the matching Conv2D's. */
  @Override
  public long multiplyAdds() {
    int[] out = outputShape();
    return (long) out[0] * out[1] * out[2] * kernel().shape()[1];
  }

  @Override
  Tensor outputs(Tensor input, Activation activation) {
    return activation
        .apply(
            Ops.locallyConnected2d(
                input, kernel().value(), useBias() ? bias().value() : zeroBias, strides(),
                window().padding()));
  }
}
