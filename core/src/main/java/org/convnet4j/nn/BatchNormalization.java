package org.convnet4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.ops.NormalizationOps;
import org.convnet4j.ops.Workspace;

/**
 * Keras' {@code BatchNormalization} over the last (channel) axis, with Keras' defaults: momentum
 * 0.99, epsilon 0.001, center and scale. After a {@link Conv2D} it normalizes each channel over the
 * batch and every pixel ({@code [n, h, w, c]}), after a {@link Dense} each unit over the batch
 * ({@code [n, c]}).
 *
 * <p>While training it normalizes with the batch's mean and variance ({@link Ops#fusedBatchNorm})
 * and moves its moving statistics towards them, as Keras 3 does: {@code moving_mean =
 * moving_mean * momentum + mean * (1 - momentum)}, and the same for {@code moving_variance} with
 * the batch's <em>biased</em> variance (divided by the number of values per channel; Keras 3 takes
 * it from {@code ops.moments}; TensorFlow 2's fused kernel, which older {@code tf.keras} used for
 * images, applies Bessel's correction {@code n / (n - 1)} to it instead). In inference it
 * normalizes with the moving statistics ({@link Ops#batchNormalization}).
 *
 * <p>Variables, as Keras names them: {@code <layer>/gamma} (the scale, ones; absent without
 * {@code scale}) and {@code <layer>/beta} (the offset, zeros; absent without {@code center}),
 * trained; {@code <layer>/moving_mean} (zeros) and {@code <layer>/moving_variance} (ones), not
 * trained ({@link #nonTrainableVariables()}: optimizers never touch them, checkpoints keep them).
 * Parameters: {@code 4 * c} with center and scale, {@code 2 * c} of them not trained.
 *
 * <p>Spec: {@code BatchNormalization batch_normalization_1 axis=-1 momentum=0.99 epsilon=0.001
 * center=true scale=true}.
 */
public final class BatchNormalization extends Layer {

  /** Keras' default momentum of the moving statistics. */
  public static final double DEFAULT_MOMENTUM = 0.99;

  /** Keras' default epsilon, added to the variance. */
  public static final double DEFAULT_EPSILON = 0.001;

  private final int axis;
  private final double momentum;
  private final double epsilon;
  private final boolean center;
  private final boolean scale;
  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;
  // Stand-ins for an absent gamma (ones) or beta (zeros): constants nothing differentiates by.
  private Tensor gammaValue;
  private Tensor betaValue;

  /** Keras' defaults: axis -1, momentum 0.99, epsilon 0.001, center and scale. */
  public BatchNormalization() {
    this(-1, DEFAULT_MOMENTUM, DEFAULT_EPSILON, true, true);
  }

  /**
   * A batch normalization with Keras' settings.
   *
   * @param axis the channel axis: -1, or its index counted with the batch axis (3 after a
   *     convolution, 1 after a dense layer); only the last axis is supported
   * @param momentum of the moving statistics, in {@code [0, 1]}
   * @param epsilon added to the variance, positive
   * @param center whether to learn an offset {@code beta}
   * @param scale whether to learn a scale {@code gamma}
   * @throws IllegalArgumentException for a momentum outside {@code [0, 1]} or an epsilon that is
   *     not positive
   */
  public BatchNormalization(
      int axis, double momentum, double epsilon, boolean center, boolean scale) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "BatchNormalization: momentum must be in [0, 1], got " + momentum);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "BatchNormalization: epsilon must be positive and finite, got " + epsilon);
    }
    this.axis = axis;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
  }

  @Override
  public LayerType type() {
    return LayerType.BATCH_NORMALIZATION;
  }

  /** The momentum of the moving statistics. */
  public double momentum() {
    return momentum;
  }

  /** The epsilon added to the variance. */
  public double epsilon() {
    return epsilon;
  }

  /** Whether the layer learns an offset, {@code beta}. */
  public boolean center() {
    return center;
  }

  /** Whether the layer learns a scale, {@code gamma}. */
  public boolean scale() {
    return scale;
  }

  /** The scale {@code gamma}, or null without {@link #scale()}. */
  public Variable gamma() {
    requireBuilt();
    return gamma;
  }

  /** The offset {@code beta}, or null without {@link #center()}. */
  public Variable beta() {
    requireBuilt();
    return beta;
  }

  /** The moving mean, one value per channel. */
  public Variable movingMean() {
    requireBuilt();
    return movingMean;
  }

  /** The moving (biased) variance, one value per channel. */
  public Variable movingVariance() {
    requireBuilt();
    return movingVariance;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    if (axis != -1 && axis != inputShape.length) {
      throw new IllegalArgumentException(
          "%s: only the last axis (-1 or %d for inputs [n, %s]) can be normalized, got axis %d"
              .formatted(name(), inputShape.length, Shapes.format(inputShape, ", "), axis));
    }
    int c = inputShape[inputShape.length - 1];
    gammaValue = Tensor.ones(c);
    betaValue = Tensor.zeros(c);
    if (scale) {
      gamma = new Variable(name() + "/gamma", gammaValue);
      gammaValue = gamma.value();
    }
    if (center) {
      beta = new Variable(name() + "/beta", betaValue);
      betaValue = beta.value();
    }
    movingMean = new Variable(name() + "/moving_mean", Tensor.zeros(c));
    movingVariance = new Variable(name() + "/moving_variance", Tensor.ones(c));
    return inputShape;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return normalize(input, training, false);
  }

  /**
   * This layer, then a ReLU ({@link ReLU}, or {@link ActivationLayer} of ReLU), as one op while
   * training ({@link Ops#fusedBatchNormRelu}), which saves a pass over the output forward and two
   * backward: the same numbers as {@code relu(forward(input, training))}, gradients included.
   */
  Tensor forwardThenRelu(Tensor input, boolean training) {
    checkInput(input);
    return normalize(input, training, true);
  }

  private Tensor normalize(Tensor input, boolean training, boolean relu) {
    if (!training) {
      Tensor y = Ops.batchNormalization(input, movingMean.value(), movingVariance.value(),
          betaValue, gammaValue, (float) epsilon);
      return relu ? Ops.relu(y) : y;
    }
    float eps = (float) epsilon;
    NormalizationOps.FusedBatchNorm batch =
        relu
            ? Ops.fusedBatchNormRelu(input, gammaValue, betaValue, eps)
            : Ops.fusedBatchNorm(input, gammaValue, betaValue, eps);
    // Keras 3: moving = moving * momentum + batch * (1 - momentum), in float, in place.
    update(movingMean, batch.mean());
    update(movingVariance, batch.variance());
    return batch.output();
  }

  private void update(Variable moving, Tensor batch) {
    float keep = (float) momentum;
    float take = (float) (1.0 - momentum);
    float[] m = TensorAccess.data(moving.value());
    float[] b = TensorAccess.data(batch);
    for (int i = 0; i < m.length; i++) {
      m[i] = m[i] * keep + b[i] * take;
    }
  }

  /**
   * The kernel and bias of a convolution or dense layer whose output this layer normalizes in
   * inference, with this layer folded in: per output channel {@code s = gamma / sqrt(moving_variance
   * + epsilon)}, {@code kernel' = kernel * s} and {@code bias' = (bias - moving_mean) * s + beta},
   * so that {@code x . kernel' + bias'} is this layer's inference output on {@code x . kernel +
   * bias}, up to float rounding. Not recorded on a tape: only {@link Sequential#predict} uses it.
   * Arrays from the open workspace, if any.
   *
   * @param kernel {@code [..., c]}, output channels last
   * @param bias {@code [c]}, or null for a layer without bias
   * @return the folded kernel and bias
   */
  Tensor[] fold(Tensor kernel, Tensor bias) {
    float[] k = TensorAccess.data(kernel);
    float[] mean = TensorAccess.data(movingMean.value());
    float[] variance = TensorAccess.data(movingVariance.value());
    float[] g = TensorAccess.data(gammaValue);
    float[] b = TensorAccess.data(betaValue);
    int c = mean.length;
    float[] s = Workspace.floats(c);
    float[] foldedBias = Workspace.floats(c);
    for (int j = 0; j < c; j++) {
      s[j] = (float) (g[j] / Math.sqrt(variance[j] + (float) epsilon));
      float before = bias == null ? 0f : TensorAccess.data(bias)[j];
      foldedBias[j] = (before - mean[j]) * s[j] + b[j];
    }
    float[] foldedKernel = Workspace.floats(k.length);
    for (int i = 0; i < k.length; i++) {
      foldedKernel[i] = k[i] * s[i % c];
    }
    return new Tensor[] {
      TensorAccess.wrap(foldedKernel, kernel.shape()), TensorAccess.wrap(foldedBias, c)
    };
  }

  @Override
  public List<Variable> variables() {
    requireBuilt();
    if (gamma != null && beta != null) {
      return List.of(gamma, beta);
    }
    return gamma != null ? List.of(gamma) : beta != null ? List.of(beta) : List.of();
  }

  @Override
  public List<Variable> nonTrainableVariables() {
    requireBuilt();
    return List.of(movingMean, movingVariance);
  }

  @Override
  protected Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("axis", Integer.toString(axis));
    s.put("momentum", Double.toString(momentum));
    s.put("epsilon", Double.toString(epsilon));
    s.put("center", Boolean.toString(center));
    s.put("scale", Boolean.toString(scale));
    return s;
  }
}
