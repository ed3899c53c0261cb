package org.convnet4j.tensor;

/**
 * Where a sliding window falls along one spatial axis: the output-size arithmetic of the
 * tutorial and of TensorFlow, computed in one place.
 *
 * @param in input size
 * @param window window (filter) size
 * @param stride step between windows
 * @param padBefore zero cells added before the first input cell (top or left)
 * @param padAfter zero cells added after the last input cell (bottom or right)
 * @param out number of window positions, the output size
 */
public record AxisGeometry(int in, int window, int stride, int padBefore, int padAfter, int out) {

  /** TensorFlow SAME: {@code out = ceil(in / s)}, the odd padding cell goes after. */
  public static AxisGeometry same(int in, int window, int stride) {
    checkPositive(in, window, stride);
    int out = ceilDiv(in, stride);
    int total = Math.max((out - 1) * stride + window - in, 0);
    int before = total / 2;
    return new AxisGeometry(in, window, stride, before, total - before, out);
  }

  /** TensorFlow VALID: {@code out = ceil((in - f + 1) / s)}; the window must fit the input. */
  public static AxisGeometry valid(int in, int window, int stride) {
    checkPositive(in, window, stride);
    if (window > in) {
      throw new IllegalArgumentException(
          "VALID padding: window %d is larger than input %d, so there is no output"
              .formatted(window, in));
    }
    return new AxisGeometry(in, window, stride, 0, 0, ceilDiv(in - window + 1, stride));
  }

  /** Explicit padding: {@code out = floor((in - f + before + after) / s) + 1}. */
  public static AxisGeometry explicit(int in, int window, int stride, int before, int after) {
    checkPositive(in, window, stride);
    int padded = in + before + after;
    if (window > padded) {
      throw new IllegalArgumentException(
          "explicit padding: window %d is larger than padded input %d (%d + %d + %d)"
              .formatted(window, padded, in, before, after));
    }
    return new AxisGeometry(in, window, stride, before, after, (padded - window) / stride + 1);
  }

  private static void checkPositive(int in, int window, int stride) {
    if (in < 1 || window < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "input size, window and stride must be at least 1, got input=%d window=%d stride=%d"
              .formatted(in, window, stride));
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
