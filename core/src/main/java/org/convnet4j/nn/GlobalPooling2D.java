package org.convnet4j.nn;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A global pooling layer, {@link GlobalAveragePooling2D} or {@link GlobalMaxPooling2D}: each
 * channel pooled over the whole image into one value. No weights. Often the last image layer
 * before the classifier, instead of a {@link Flatten}.
 *
 * <p>Shapes: input {@code [n, h, w, c]}, output {@code [n, c]} (Keras' {@code keepdims=False}).
 */
public abstract sealed class GlobalPooling2D extends Layer
    permits GlobalAveragePooling2D, GlobalMaxPooling2D {

  GlobalPooling2D() {}

  @Override
  protected final int[] buildFor(int[] inputShape, RandomGenerator random) {
    Shapes.requireImage(name(), inputShape);
    return new int[] {inputShape[2]};
  }

  @Override
  protected final Map<String, String> settings() {
    return Map.of();
  }
}
