package org.convnet4j.nn;

import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/**
 * Keras' {@code GlobalAveragePooling2D}: the mean of each channel over the whole image, {@link
 * Ops#globalAvgPool}. Shapes: input {@code [n, h, w, c]}, output {@code [n, c]}.
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D {

  @Override
  public LayerType type() {
    return LayerType.GLOBAL_AVERAGE_POOLING2D;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.globalAvgPool(input);
  }
}
