package org.convnet4j.optim;

import java.util.List;

/**
 * Plain gradient descent, the tutorial's {@code tf.train.GradientDescentOptimizer}: {@code w -=
 * learningRate * g}. Keeps no state.
 */
public final class GradientDescent extends Optimizer {

  /** Gradient descent with the given step size. */
  public GradientDescent(float learningRate) {
    super(learningRate, List.of());
  }

  @Override
  public OptimizerType type() {
    return OptimizerType.SGD;
  }

  @Override
  void update(float[] value, float[] gradient, float[][] slots, int from, int to) {
    float lr = stepLearningRate();
    for (int i = from; i < to; i++) {
      value[i] -= lr * gradient[i];
    }
  }
}
