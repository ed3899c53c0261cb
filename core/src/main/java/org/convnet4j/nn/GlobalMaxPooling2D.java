package org.convnet4j.nn;

import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/**
 * Keras' {@code GlobalMaxPooling2D}: the largest value of each channel over the whole image,
 * {@link Ops#globalMaxPool}. Shapes: input {@code [n, h, w, c]}, output {@code [n, c]}.
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D {

  @Override
  public LayerType type() {
    return LayerType.GLOBAL_MAX_POOLING2D;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.globalMaxPool(input);
  }
}
