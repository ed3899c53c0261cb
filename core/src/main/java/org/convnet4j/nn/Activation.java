package org.convnet4j.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/**
 * The function a layer applies to its output, by Keras' names: {@code linear}, {@code relu},
 * {@code sigmoid}, {@code tanh}, {@code softmax}. A softmax is taken over the last axis (the
 * channels of an image, the units of a dense layer); on a model's last layer, {@link Sequential}
 * leaves it to the loss (see {@link Sequential#forward}).
 */
public enum Activation {
  /** The identity: no activation. */
  LINEAR,
  /** {@code max(x, 0)}. */
  RELU,
  /** {@code 1 / (1 + exp(-x))}. */
  SIGMOID,
  /** {@code tanh(x)}. */
  TANH,
  /** {@code exp(x) / sum(exp(x))} over the last axis. */
  SOFTMAX;

  /** Applies the activation. */
  public Tensor apply(Tensor x) {
    return switch (this) {
      case LINEAR -> x;
      case RELU -> Ops.relu(x);
      case SIGMOID -> Ops.sigmoid(x);
      case TANH -> Ops.tanh(x);
      case SOFTMAX -> Ops.softmax(x);
    };
  }

  /** The lower-case name used in specs and by Keras: {@code relu}, {@code linear}, ... */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The activation of that name (any case), one of {@link #specName()}'s.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "activation: expected one of %s, got '%s'"
            .formatted(
                Arrays.stream(values())
                    .map(Activation::specName)
                    .collect(Collectors.joining(", ")),
                name));
  }
}
