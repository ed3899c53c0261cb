package org.convnet4j.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of layer, with the names used in specs, summaries and default layer names. */
public enum LayerType {
  /** {@link Conv2D}. */
  CONV2D("Conv2D", "conv2d"),
  /** {@link LocallyConnected2D}. */
  LOCALLY_CONNECTED2D("LocallyConnected2D", "locally_connected2d"),
  /** {@link MaxPool2D}. */
  MAX_POOL2D("MaxPool2D", "max_pool2d"),
  /** {@link AvgPool2D}. */
  AVG_POOL2D("AvgPool2D", "avg_pool2d"),
  /** {@link Flatten}. */
  FLATTEN("Flatten", "flatten"),
  /** {@link Dense}. */
  DENSE("Dense", "dense"),
  /** {@link ReLU}. */
  RELU("ReLU", "relu"),
  /** {@link Dropout}. */
  DROPOUT("Dropout", "dropout"),
  /** {@link ActivationLayer}: Keras' {@code Activation} layer. */
  ACTIVATION("Activation", "activation"),
  /** {@link GlobalAveragePooling2D}. */
  GLOBAL_AVERAGE_POOLING2D("GlobalAveragePooling2D", "global_average_pooling2d"),
  /** {@link GlobalMaxPooling2D}. */
  GLOBAL_MAX_POOLING2D("GlobalMaxPooling2D", "global_max_pooling2d"),
  /** {@link BatchNormalization}. */
  BATCH_NORMALIZATION("BatchNormalization", "batch_normalization");

  private final String displayName;
  private final String namePrefix;

  LayerType(String displayName, String namePrefix) {
    this.displayName = displayName;
    this.namePrefix = namePrefix;
  }

  /** The class name, as shown in summaries and written in specs: {@code Conv2D}. */
  public String displayName() {
    return displayName;
  }

  /** The stem of default layer names: {@code conv2d} gives {@code conv2d_1}, {@code conv2d_2}. */
  public String namePrefix() {
    return namePrefix;
  }

  /**
   * The type with the given {@link #displayName()}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static LayerType parse(String displayName) {
    for (LayerType t : values()) {
      if (t.displayName.equals(displayName)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown layer type '%s', expected one of %s"
            .formatted(
                displayName,
                Arrays.stream(values())
                    .map(LayerType::displayName)
                    .collect(Collectors.joining(", "))));
  }
}
