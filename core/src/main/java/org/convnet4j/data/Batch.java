package org.convnet4j.data;

import org.convnet4j.Tensor;

/**
 * A mini-batch: images {@code [n, height, width, channels]} and their one-hot labels {@code [n,
 * numClasses]}.
 */
public record Batch(Tensor images, Tensor labels) {

  /** The number of examples, {@code n}. */
  public int size() {
    return images.dim(0);
  }
}
