package org.convnet4j.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/**
 * Flattens each example into a vector, in row-major (NHWC) order, as the tutorial's {@code
 * reshape(conv2, [-1, 7*7*64])} does. Shapes: input {@code [n, d1, ..., dk]}, output {@code [n, d1
 * * ... * dk]}.
 */
public final class Flatten extends Layer {

  private int[] batchShape;

  @Override
  public LayerType type() {
    return LayerType.FLATTEN;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    long size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    batchShape = new int[] {-1, (int) size};
    return new int[] {(int) size};
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.reshape(input, batchShape);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of();
  }
}
