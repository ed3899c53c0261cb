package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;

/**
 * Batch normalization over the last axis: {@code batchNormalization} with given statistics
 * (TensorFlow's {@code tf.nn.batch_normalization}, what a layer does in inference) and {@code
 * fusedBatchNorm} with the batch's own (TensorFlow's {@code fused_batch_norm} with {@code
 * is_training=True}, what a layer does while training), forward and gradient rules.
 *
 * <p>A tensor {@code [..., c]} is {@code rows x c} with {@code rows} the product of the other
 * dimensions: {@code n} for a dense layer's {@code [n, c]}, {@code n * h * w} for an image batch.
 * Per channel, {@code invStd = 1 / sqrt(variance + epsilon)}, {@code scale = gamma * invStd} and
 * {@code y = x * scale + (beta - mean * scale)}, TensorFlow's arrangement.
 */
public final class NormalizationOps {

  private NormalizationOps() {}

  /**
   * What {@link #fusedBatchNorm} returns.
   *
   * @param output the normalized tensor, differentiable
   * @param mean the batch's mean per channel, {@code [c]}; not differentiable
   * @param variance the batch's biased variance per channel (divided by {@code rows}, as Keras 3's
   *     {@code ops.moments}), {@code [c]}; not differentiable
   */
  public record FusedBatchNorm(Tensor output, Tensor mean, Tensor variance) {}

  /** See {@link org.convnet4j.Ops#batchNormalization}. */
  public static Tensor batchNormalization(Tensor x, Tensor mean, Tensor variance, Tensor offset,
      Tensor scale, float epsilon) {
    String op = "batchNormalization";
    int c = channels(op, x, epsilon);
    perChannel(op, "mean", mean, c);
    perChannel(op, "variance", variance, c);
    perChannel(op, "offset", offset, c);
    perChannel(op, "scale", scale, c);
    float[] invStd = inverseStd(data(variance), epsilon);
    Tensor y = normalize(x, c, data(mean), invStd, data(scale), data(offset), false).output();
    if (Recording.tracked(x, mean, variance) || Recording.tracked(offset, scale)) {
      Recording.record(new BatchNorm(x, mean, variance, offset, scale, y, invStd));
    }
    return y;
  }

  // y = (x - mean) * scale * invStd + offset per channel, invStd = (variance + eps)^(-1/2), with
  // S1 = sum dy and S2 = sum dy * (x - mean) over the rows: dx = dy * scale * invStd,
  // dOffset = S1, dScale = invStd * S2, dMean = -scale * invStd * S1, and, as
  // d invStd / d variance = -invStd^3 / 2, dVariance = -scale * invStd^3 * S2 / 2.
  record BatchNorm(Tensor input, Tensor mean, Tensor variance, Tensor offset, Tensor scale,
      Tensor output, float[] invStd) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input, mean, variance, offset, scale};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      int c = invStd.length;
      float[] m = data(mean);
      float[] gamma = data(scale);
      Sums s = sums(dOut, data(input), m, null, null, c);
      float[][] gradients = new float[5][];
      if (need[0]) {
        float[] dOutScale = Workspace.floats(c);
        float[] zeros = Workspace.zeros(c);
        for (int j = 0; j < c; j++) {
          dOutScale[j] = gamma[j] * invStd[j];
        }
        gradients[0] = Workspace.floats(input.size());
        Kernels.active().batchNormBackwardInput(dOut, data(input), null, null, input.size() / c,
            c, dOutScale, zeros, zeros, gradients[0]);
      }
      if (need[1]) {
        gradients[1] = Workspace.floats(c);
        for (int j = 0; j < c; j++) {
          gradients[1][j] = -gamma[j] * invStd[j] * s.dOut()[j];
        }
      }
      if (need[2]) {
        gradients[2] = Workspace.floats(c);
        for (int j = 0; j < c; j++) {
          float cube = invStd[j] * invStd[j] * invStd[j];
          gradients[2][j] = -0.5f * gamma[j] * cube * s.centered()[j];
        }
      }
      if (need[3]) {
        gradients[3] = Workspace.copyOf(s.dOut());
      }
      if (need[4]) {
        gradients[4] = Workspace.floats(c);
        for (int j = 0; j < c; j++) {
          gradients[4][j] = invStd[j] * s.centered()[j];
        }
      }
      return gradients;
    }
  }

  /** See {@link org.convnet4j.Ops#fusedBatchNorm}. */
  public static FusedBatchNorm fusedBatchNorm(Tensor x, Tensor scale, Tensor offset,
      float epsilon) {
    return fusedBatchNorm("fusedBatchNorm", x, scale, offset, epsilon, false);
  }

  /** See {@link org.convnet4j.Ops#fusedBatchNormRelu}. */
  public static FusedBatchNorm fusedBatchNormRelu(Tensor x, Tensor scale, Tensor offset,
      float epsilon) {
    return fusedBatchNorm("fusedBatchNormRelu", x, scale, offset, epsilon, true);
  }

  private static FusedBatchNorm fusedBatchNorm(String op, Tensor x, Tensor scale, Tensor offset,
      float epsilon, boolean relu) {
    int c = channels(op, x, epsilon);
    perChannel(op, "scale", scale, c);
    perChannel(op, "offset", offset, c);
    int rows = x.size() / c;
    float[] mean = Workspace.floats(c);
    float[] variance = Workspace.floats(c);
    Kernels.active().moments(data(x), rows, c, mean, variance);
    float[] invStd = inverseStd(variance, epsilon);
    Normalized normalized = normalize(x, c, mean, invStd, data(scale), data(offset), relu);
    Tensor y = normalized.output();
    if (Recording.tracked(x, scale, offset)) {
      Recording.record(
          new FusedBatchNormNode(x, scale, offset, y, mean, invStd,
              relu ? normalized.scale() : null, relu ? normalized.shift() : null));
    }
    return new FusedBatchNorm(y, TensorAccess.wrap(mean, c), TensorAccess.wrap(variance, c));
  }

  // y as in BatchNorm with the batch's own mean and variance, which depend on x too. With
  // xhat = (x - mean) * invStd, S1 = sum dy and S2 = sum dy * (x - mean) over the N rows:
  // dOffset = S1, dScale = invStd * S2, and (the textbook derivation, through mean and variance)
  // dx = scale * invStd * (dy - S1 / N - xhat * invStd * S2 / N), which is dy * k1 + x * k2 + k3
  // with k1 = scale * invStd, k2 = -scale * invStd^3 * S2 / N, k3 = -k1 * S1 / N - k2 * mean.
  // With a ReLU after it (reluScale and reluShift, the forward pass's factors, not null), dy is
  // the ReLU's output gradient where x * reluScale + reluShift was positive, else 0.
  record FusedBatchNormNode(Tensor input, Tensor scale, Tensor offset, Tensor output,
      float[] mean, float[] invStd, float[] reluScale, float[] reluShift) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input, scale, offset};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      int c = invStd.length;
      int rows = input.size() / c;
      float[] gamma = data(scale);
      Sums s = sums(dOut, data(input), mean, reluScale, reluShift, c);
      float[][] gradients = new float[3][];
      if (need[0]) {
        float[] k1 = Workspace.floats(c);
        float[] k2 = Workspace.floats(c);
        float[] k3 = Workspace.floats(c);
        for (int j = 0; j < c; j++) {
          double inv = invStd[j];
          k1[j] = (float) (gamma[j] * inv);
          double xScale = -gamma[j] * inv * inv * inv * s.centered()[j] / rows;
          k2[j] = (float) xScale;
          k3[j] = (float) (-gamma[j] * inv * s.dOut()[j] / rows - xScale * mean[j]);
        }
        gradients[0] = Workspace.floats(input.size());
        Kernels.active().batchNormBackwardInput(dOut, data(input), reluScale, reluShift, rows, c,
            k1, k2, k3, gradients[0]);
      }
      if (need[1]) {
        gradients[1] = Workspace.floats(c);
        for (int j = 0; j < c; j++) {
          gradients[1][j] = invStd[j] * s.centered()[j];
        }
      }
      if (need[2]) {
        gradients[2] = Workspace.copyOf(s.dOut());
      }
      return gradients;
    }
  }

  /** The per-channel sums of dOut and of dOut * (x - mean), dOut masked by a fused ReLU's. */
  private record Sums(float[] dOut, float[] centered) {}

  private static Sums sums(float[] dOut, float[] x, float[] mean, float[] reluScale,
      float[] reluShift, int c) {
    float[] sumDOut = Workspace.floats(c);
    float[] centered = Workspace.floats(c);
    Kernels.active().batchNormSums(dOut, x, mean, reluScale, reluShift, x.length / c, c, sumDOut,
        centered);
    return new Sums(sumDOut, centered);
  }

  /** A normalized tensor and the per-channel factors that made it: {@code x * scale + shift}. */
  private record Normalized(Tensor output, float[] scale, float[] shift) {}

  // y = x * (gamma * invStd) + (beta - mean * gamma * invStd) per channel, then max(y, 0) if relu.
  private static Normalized normalize(Tensor x, int c, float[] mean, float[] invStd,
      float[] gamma, float[] beta, boolean relu) {
    float[] scale = Workspace.floats(c);
    float[] shift = Workspace.floats(c);
    for (int j = 0; j < c; j++) {
      scale[j] = gamma[j] * invStd[j];
      shift[j] = beta[j] - mean[j] * scale[j];
    }
    float[] out = Workspace.floats(x.size());
    Kernels.active().scaleShift(data(x), x.size() / c, c, scale, shift, relu, out);
    return new Normalized(TensorAccess.wrap(out, x.shape()), scale, shift);
  }

  private static float[] inverseStd(float[] variance, float epsilon) {
    float[] invStd = Workspace.floats(variance.length);
    for (int j = 0; j < variance.length; j++) {
      invStd[j] = (float) (1.0 / Math.sqrt(variance[j] + epsilon));
    }
    return invStd;
  }

  private static int channels(String op, Tensor x, float epsilon) {
    int[] s = Checks.minRank(op, "x", x, 2);
    if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
      throw Checks.fail(op, "epsilon must be positive and finite, got %s", epsilon);
    }
    return s[s.length - 1];
  }

  private static void perChannel(String op, String name, Tensor t, int channels) {
    int[] s = Checks.rank(op, name, t, 1, "[c]");
    if (s[0] != channels) {
      throw Checks.fail(op, "%s %s must have one value per channel of x (%d)", name,
          Checks.shape(s), channels);
    }
  }
}
