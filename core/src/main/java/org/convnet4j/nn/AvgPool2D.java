package org.convnet4j.nn;

import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;

/**
 * Average pooling, TensorFlow's {@code avg_pool}: the mean of each window over its real cells only,
 * so padding does not pull averages at the border towards zero.
 */
public final class AvgPool2D extends Pool2D {

  /** Square {@code size} windows moved {@code stride} cells at a time. */
  public AvgPool2D(int size, int stride, Padding padding) {
    this(Window.square(size, stride, padding));
  }

  /** Any window. */
  public AvgPool2D(Window window) {
    super(window);
  }

  @Override
  public LayerType type() {
    return LayerType.AVG_POOL2D;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.avgPool(input, ksize(), strides(), window().padding());
  }
}
