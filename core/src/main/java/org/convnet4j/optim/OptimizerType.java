package org.convnet4j.optim;

import java.util.Locale;

/** The optimizers by name, as the command line and checkpoints spell them. */
public enum OptimizerType {
  /** {@link GradientDescent}. */
  SGD,
  /** {@link Momentum}, momentum 0.9. */
  MOMENTUM,
  /** {@link Adam} with Keras' defaults. */
  ADAM;

  /** A new optimizer of this type with default settings besides the learning rate. */
  public Optimizer create(float learningRate) {
    return switch (this) {
      case SGD -> new GradientDescent(learningRate);
      case MOMENTUM -> new Momentum(learningRate);
      case ADAM -> new Adam(learningRate);
    };
  }

  /** {@code sgd}, {@code momentum} or {@code adam}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type named {@code sgd}, {@code momentum} or {@code adam} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static OptimizerType parse(String name) {
    for (OptimizerType t : values()) {
      if (t.cliName().equalsIgnoreCase(name.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "optimizer: expected sgd, momentum or adam, got '%s'".formatted(name));
  }
}
