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
    return new Sequential(
        new int[] {28, 28, 1},
        seed,
        new Conv2D(32, 5, 1, Padding.SAME, Activation.RELU).withInitializers(kernels, biases),
        new MaxPool2D(2, 2, Padding.SAME),
        new Conv2D(64, 5, 1, Padding.SAME, Activation.RELU).withInitializers(kernels, biases),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(1024, Activation.RELU).withInitializers(kernels, biases),
        new Dropout(0.75f),
        new Dense(10).withInitializers(kernels, biases));
  }
}
