package org.convnet4j;

import org.convnet4j.tensor.AxisGeometry;

/**
 * How a convolution or pooling window treats the border of its input: TensorFlow's {@code SAME}
 * and {@code VALID}, or explicit zero padding (the tutorial's {@code P}).
 *
 * <p>For one spatial axis with input size {@code in}, window {@code f} and stride {@code s}:
 *
 * <ul>
 *   <li>{@code VALID}: {@code out = ceil((in - f + 1) / s)}, no padding.
 *   <li>{@code SAME}: {@code out = ceil(in / s)}; {@code total = max((out - 1) * s + f - in, 0)},
 *       {@code before = total / 2}, {@code after = total - before}: the odd cell goes at the
 *       bottom or right.
 *   <li>explicit: {@code out = floor((in - f + before + after) / s) + 1}; with {@code before =
 *       after = P} this is the tutorial's {@code (W - F + 2P) / S + 1}.
 * </ul>
 */
public sealed interface Padding {

  /** TensorFlow's {@code 'SAME'}: output size {@code ceil(in / stride)}. */
  Padding SAME = new Same();

  /** TensorFlow's {@code 'VALID'}: no padding, windows stay inside the input. */
  Padding VALID = new Valid();

  /** The same explicit zero padding {@code p} on all four sides. */
  static Padding explicit(int p) {
    return new Explicit(p, p, p, p);
  }

  /** Explicit zero padding with its own amount on each side. */
  static Padding explicit(int top, int bottom, int left, int right) {
    return new Explicit(top, bottom, left, right);
  }

  /**
   * Parses {@code SAME}, {@code VALID} (any case) or a non-negative integer {@code P}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static Padding parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("same")) {
      return SAME;
    }
    if (t.equalsIgnoreCase("valid")) {
      return VALID;
    }
    try {
      return explicit(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "padding: expected SAME, VALID or a non-negative integer, got '" + text + "'");
    }
  }

  /** Output size and padding along the height axis. */
  AxisGeometry height(int in, int window, int stride);

  /** Output size and padding along the width axis. */
  AxisGeometry width(int in, int window, int stride);

  /** TensorFlow's {@code 'SAME'}. */
  record Same() implements Padding {
    @Override
    public AxisGeometry height(int in, int window, int stride) {
      return AxisGeometry.same(in, window, stride);
    }

    @Override
    public AxisGeometry width(int in, int window, int stride) {
      return AxisGeometry.same(in, window, stride);
    }

    @Override
    public String toString() {
      return "SAME";
    }
  }

  /** TensorFlow's {@code 'VALID'}. */
  record Valid() implements Padding {
    @Override
    public AxisGeometry height(int in, int window, int stride) {
      return AxisGeometry.valid(in, window, stride);
    }

    @Override
    public AxisGeometry width(int in, int window, int stride) {
      return AxisGeometry.valid(in, window, stride);
    }

    @Override
    public String toString() {
      return "VALID";
    }
  }

  /** Explicit zero padding; each amount must be zero or more. */
  record Explicit(int top, int bottom, int left, int right) implements Padding {
    public Explicit {
      if (top < 0 || bottom < 0 || left < 0 || right < 0) {
        throw new IllegalArgumentException(
            "padding: amounts must be zero or more, got top=%d bottom=%d left=%d right=%d"
                .formatted(top, bottom, left, right));
      }
    }

    @Override
    public AxisGeometry height(int in, int window, int stride) {
      return AxisGeometry.explicit(in, window, stride, top, bottom);
    }

    @Override
    public AxisGeometry width(int in, int window, int stride) {
      return AxisGeometry.explicit(in, window, stride, left, right);
    }

    @Override
    public String toString() {
      return top == bottom && top == left && top == right
          ? Integer.toString(top)
          : "explicit(top=%d, bottom=%d, left=%d, right=%d)".formatted(top, bottom, left, right);
    }
  }
}
