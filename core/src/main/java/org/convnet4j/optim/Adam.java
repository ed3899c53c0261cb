package org.convnet4j.optim;

import java.util.List;
import org.convnet4j.kernels.Kernels;

/**
 * Adam (Kingma and Ba, 2015) as TensorFlow and Keras compute it. At step {@code t}:
 *
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * w -= learningRate * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
 * </pre>
 *
 * <p>The bias correction is folded into the step size, so {@code epsilon} is the paper's "epsilon
 * hat". Defaults are Keras': beta1 0.9, beta2 0.999, epsilon 1e-7. Two slots per variable: {@code
 * m} and {@code v}.
 */
public final class Adam extends Optimizer {

  /** Keras' default first-moment decay. */
  public static final float DEFAULT_BETA1 = 0.9f;

  /** Keras' default second-moment decay. */
  public static final float DEFAULT_BETA2 = 0.999f;

  /** Keras' default epsilon. */
  public static final float DEFAULT_EPSILON = 1e-7f;

  private final float beta1;
  private final float beta2;
  private final float epsilon;

  /** Adam with Keras' defaults. */
  public Adam(float learningRate) {
    this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  /**
   * @param beta1 first-moment decay, in {@code [0, 1)}
   * @param beta2 second-moment decay, in {@code [0, 1)}
   * @param epsilon added to {@code sqrt(v)}, positive
   */
  public Adam(float learningRate, float beta1, float beta2, float epsilon) {
    super(learningRate, List.of("m", "v"));
    requireDecay("beta1", beta1);
    requireDecay("beta2", beta2);
    requirePositive("epsilon", epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public OptimizerType type() {
    return OptimizerType.ADAM;
  }

  @Override
  void update(float[] value, float[] gradient, float[][] slots, int from, int to) {
    long t = iterations();
    // A one-cycle schedule moves beta1 each step; the bias correction then uses the current
    // beta1^t, as PyTorch's Adam does with its scheduled betas.
    float b1 = stepMomentum(beta1);
    float stepSize =
        (float) (stepLearningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(b1, t)));
    // The kernels flush subnormal moments to zero, as TensorFlow's run does (Kernels.adamUpdate).
    Kernels.active().adamUpdate(value, gradient, slots[0], slots[1], from, to, b1, 1 - b1, beta2,
        1 - beta2, stepSize, epsilon);
  }

  private static void requireDecay(String name, float beta) {
    if (!(beta >= 0f && beta < 1f)) {
      throw new IllegalArgumentException(
          "Adam: %s must be in [0, 1), got %s".formatted(name, beta));
    }
  }
}
