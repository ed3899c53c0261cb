package org.convnet4j.nn;

import java.util.Locale;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/** The function a layer applies to its output, element by element. */
public enum Activation {
  /** The identity: no activation. */
  LINEAR,
  /** {@code max(x, 0)}. */
  RELU;

  /** Applies the activation. */
  public Tensor apply(Tensor x) {
    return this == RELU ? Ops.relu(x) : x;
  }

  /** The lower-case name used in specs: {@code relu}, {@code linear}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The activation named {@code relu} or {@code linear} (any case).
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
        "activation: expected 'relu' or 'linear', got '%s'".formatted(name));
  }
}
