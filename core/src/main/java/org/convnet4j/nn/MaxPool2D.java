package org.convnet4j.nn;

import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;

/**
 * Max pooling, TensorFlow's {@code max_pool}: the largest value of each window; padding never wins.
 */
public final class MaxPool2D extends Pool2D {

  /** Square {@code size} windows moved {@code stride} cells at a time. */
  public MaxPool2D(int size, int stride, Padding padding) {
    this(Window.square(size, stride, padding));
  }

  /** Any window. */
  public MaxPool2D(Window window) {
    super(window);
  }

  @Override
  public LayerType type() {
    return LayerType.MAX_POOL2D;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.maxPool(input, ksize(), strides(), window().padding());
  }
}
