package org.convnet4j.nn;

import org.convnet4j.Padding;

/** Ready-made models. */
public final class Models {

  private Models() {}

  /**
   * The tutorial's MNIST network with He normal kernels and zero biases: conv 5x5x32 SAME + ReLU,
   * max pool 2x2/2 SAME, conv 5x5x64 SAME + ReLU, max pool 2x2/2 SAME, flatten, dense 1024 + ReLU,
   * dropout keep 0.75, dense 10 (logits). 3,274,634 parameters.
   */
  public static Sequential tutorial(long seed) {
    return tutorial(Initializer.heNormal(), Initializer.zeros(), seed);
  }

  /**
   * The tutorial's network with its own initialisation: every weight and bias from {@code
   * tf.random_normal}, mean 0 and standard deviation 1.
   */
  public static Sequential tutorialWithRandomNormalInit(long seed) {
    Initializer normal = Initializer.randomNormal(0f, 1f);
    return tutorial(normal, normal, seed);
  }

  /** The tutorial's network with the given initializers for every kernel and every bias. */
  public static Sequential tutorial(Initializer kernels, Initializer biases, long seed) {
    return tutorial(new int[] {28, 28, 1}, 10, kernels, biases, seed);
  }

  /**
   * The tutorial's network for other images and classes, He normal kernels and zero biases: the
   * same layers on {@code [height, width, channels]} inputs (two SAME poolings of stride 2 make the
   * dense layer's input {@code ceil(height / 4) * ceil(width / 4) * 64}), the last dense layer with
   * one output per class. For 32x32x3 colour images and 10 classes: 4,259,274 parameters.
   *
   * @throws IllegalArgumentException if the shape is not three positive sizes or there are fewer
   *     than two classes
   */
  public static Sequential tutorial(int[] inputShape, int classes, long seed) {
    return tutorial(inputShape, classes, Initializer.heNormal(), Initializer.zeros(), seed);
  }

  /** {@link #tutorial(int[], int, long)} with the given initializers for kernels and biases. */
  public static Sequential tutorial(
      int[] inputShape, int classes, Initializer kernels, Initializer biases, long seed) {
    if (classes < 2) {
      throw new IllegalArgumentException(
          "tutorial network: needs at least 2 classes, got " + classes);
    }
    return new Sequential(
        inputShape,
        seed,
        new Conv2D(32, 5, 1, Padding.SAME, Activation.RELU).withInitializers(kernels, biases),
        new MaxPool2D(2, 2, Padding.SAME),
        new Conv2D(64, 5, 1, Padding.SAME, Activation.RELU).withInitializers(kernels, biases),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(1024, Activation.RELU).withInitializers(kernels, biases),
        new Dropout(0.75f),
        new Dense(classes).withInitializers(kernels, biases));
  }
}
