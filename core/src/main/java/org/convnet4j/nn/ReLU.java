package org.convnet4j.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/** {@code max(x, 0)} as a layer of its own; any input shape, output of the same shape. */
public final class ReLU extends Layer {

  @Override
  public LayerType type() {
    return LayerType.RELU;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    return inputShape;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return Ops.relu(input);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of();
  }
}
