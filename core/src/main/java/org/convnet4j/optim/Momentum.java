package org.convnet4j.optim;

import java.util.List;
import org.convnet4j.kernels.Kernels;

/**
 * Gradient descent with momentum, TensorFlow's {@code MomentumOptimizer}: {@code a = momentum * a +
 * g}, then {@code w -= learningRate * a}. One slot per variable, the accumulator {@code a}.
 */
public final class Momentum extends Optimizer {

  /** The usual momentum, 0.9. */
  public static final float DEFAULT_MOMENTUM = 0.9f;

  private final float momentum;

  /** Momentum 0.9. */
  public Momentum(float learningRate) {
    this(learningRate, DEFAULT_MOMENTUM);
  }

  /**
   * @param momentum how much of the previous step to keep, in {@code [0, 1)}
   */
  public Momentum(float learningRate, float momentum) {
    super(learningRate, List.of("accumulator"));
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new IllegalArgumentException("momentum: must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  @Override
  public OptimizerType type() {
    return OptimizerType.MOMENTUM;
  }

  /** How much of the previous step each step keeps. */
  public float momentum() {
    return momentum;
  }

  @Override
  void update(float[] value, float[] gradient, float[][] slots, int from, int to) {
    // Subnormal accumulators flushed to zero, as for Adam (Kernels.adamUpdate says why).
    Kernels.active().momentumUpdate(value, gradient, slots[0], from, to,
        stepMomentum(momentum), stepLearningRate());
  }
}
