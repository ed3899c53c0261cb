package org.convnet4j.keras;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.Sequential;

/**
 * A network read from a Keras model file: its input shape and how to make its layers, so that
 * {@link #build(long)} gives a fresh {@link Sequential} with new weights for every seed.
 */
public final class KerasModel {

  private final String name;
  private final int[] inputShape;
  private final List<Supplier<Layer>> layers;

  KerasModel(String name, int[] inputShape, List<Supplier<Layer>> layers) {
    this.name = name;
    this.inputShape = inputShape.clone();
    this.layers = List.copyOf(layers);
  }

  /** The model's name in the file ({@code config.name}), or {@code sequential}. */
  public String name() {
    return name;
  }

  /**
   * The shape of one input example, without the batch dimension: {@code [height, width, channels]}
   * for images, a copy.
   */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * A new model of this architecture, its weights drawn from {@code seed} with the initializers the
   * file names (He normal kernels and zero biases where it names none).
   */
  public Sequential build(long seed) {
    return new Sequential(inputShape, seed, newLayers());
  }

  /** New, unbuilt layers, one per layer of the file. */
  List<Layer> newLayers() {
    List<Layer> made = new ArrayList<>(layers.size());
    for (Supplier<Layer> layer : layers) {
      made.add(layer.get());
    }
    return made;
  }
}
