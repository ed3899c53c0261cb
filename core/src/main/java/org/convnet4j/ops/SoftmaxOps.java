package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import java.util.Arrays;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;

/**
 * {@code softmax}, {@code logSoftmax} and {@code softmaxCrossEntropyWithLogits} over the last axis,
 * each row computed stably (its maximum subtracted first), forward and gradient rules.
 */
public final class SoftmaxOps {

  private SoftmaxOps() {}

  /** See {@link org.convnet4j.Ops#softmax}. */
  public static Tensor softmax(Tensor logits) {
    int[] s = Checks.minRank("softmax", "logits", logits, 1);
    float[] out = logSoftmaxRows(data(logits), s[s.length - 1]);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.exp(out[i]);
    }
    Tensor y = TensorAccess.wrap(out, s);
    if (Recording.tracked(logits)) {
      Recording.record(new Softmax(logits, y));
    }
    return y;
  }

  // y = exp(x) / sum exp(x) per row: dx = y * (dy - sum(dy * y)).
  record Softmax(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] y = data(output);
      int c = input.dim(-1);
      float[] dInput = Workspace.floats(y.length);
      for (int row = 0; row < y.length; row += c) {
        double dot = 0;
        for (int j = row; j < row + c; j++) {
          dot += (double) dOut[j] * y[j];
        }
        for (int j = row; j < row + c; j++) {
          dInput[j] = (float) (y[j] * (dOut[j] - dot));
        }
      }
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#logSoftmax}. */
  public static Tensor logSoftmax(Tensor logits) {
    int[] s = Checks.minRank("logSoftmax", "logits", logits, 1);
    Tensor y = TensorAccess.wrap(logSoftmaxRows(data(logits), s[s.length - 1]), s);
    if (Recording.tracked(logits)) {
      Recording.record(new LogSoftmax(logits, y));
    }
    return y;
  }

  // y = x - log sum exp(x) per row: dx = dy - softmax(x) * sum(dy), softmax(x) = exp(y).
  record LogSoftmax(Tensor input, Tensor output) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {input};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] y = data(output);
      int c = input.dim(-1);
      float[] dInput = Workspace.floats(y.length);
      for (int row = 0; row < y.length; row += c) {
        double sum = 0;
        for (int j = row; j < row + c; j++) {
          sum += dOut[j];
        }
        for (int j = row; j < row + c; j++) {
          dInput[j] = (float) (dOut[j] - Math.exp(y[j]) * sum);
        }
      }
      return new float[][] {dInput};
    }
  }

  /** See {@link org.convnet4j.Ops#softmaxCrossEntropyWithLogits}. */
  public static Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
    String op = "softmaxCrossEntropyWithLogits";
    int[] sl = Checks.minRank(op, "labels", labels, 1);
    int[] sx = Checks.minRank(op, "logits", logits, 1);
    if (!Arrays.equals(sl, sx)) {
      throw Checks.fail(op, "labels %s and logits %s must have the same shape",
          Checks.shape(sl), Checks.shape(sx));
    }
    int c = sx[sx.length - 1];
    float[] logProbs = logSoftmaxRows(data(logits), c);
    float[] y = data(labels);
    float[] loss = Workspace.floats(y.length / c);
    for (int r = 0; r < loss.length; r++) {
      double sum = 0;
      for (int j = r * c; j < (r + 1) * c; j++) {
        sum -= (double) y[j] * logProbs[j];
      }
      loss[r] = (float) sum;
    }
    Tensor result = TensorAccess.wrap(loss, Arrays.copyOf(sx, sx.length - 1));
    if (Recording.tracked(labels, logits)) {
      Recording.record(new CrossEntropy(labels, logits, result, logProbs));
    }
    return result;
  }

  // loss = -sum(y * logSoftmax(x)) per row: dx = dLoss * (softmax(x) * sum(y) - y), which is
  // TensorFlow's softmax(x) - y when the labels sum to 1; dy = -dLoss * logSoftmax(x).
  record CrossEntropy(Tensor labels, Tensor logits, Tensor output, float[] logProbs)
      implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {labels, logits};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] y = data(labels);
      int c = logits.dim(-1);
      float[] dLabels = need[0] ? Workspace.floats(y.length) : null;
      float[] dLogits = need[1] ? Workspace.floats(y.length) : null;
      for (int r = 0; r < dOut.length; r++) {
        int row = r * c;
        if (need[0]) {
          for (int j = row; j < row + c; j++) {
            dLabels[j] = -dOut[r] * logProbs[j];
          }
        }
        if (need[1]) {
          double labelSum = 0;
          for (int j = row; j < row + c; j++) {
            labelSum += y[j];
          }
          for (int j = row; j < row + c; j++) {
            dLogits[j] = (float) (dOut[r] * (Math.exp(logProbs[j]) * labelSum - y[j]));
          }
        }
      }
      return new float[][] {dLabels, dLogits};
    }
  }

  // log softmax of each row of c: x - max - log(sum(exp(x - max))).
  private static float[] logSoftmaxRows(float[] x, int c) {
    float[] out = Workspace.floats(x.length);
    for (int row = 0; row < x.length; row += c) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = row; j < row + c; j++) {
        max = Math.max(max, x[j]);
      }
      double sum = 0;
      for (int j = row; j < row + c; j++) {
        sum += Math.exp(x[j] - max);
      }
      float logSum = (float) Math.log(sum);
      for (int j = row; j < row + c; j++) {
        out[j] = x[j] - max - logSum;
      }
    }
    return out;
  }
}
