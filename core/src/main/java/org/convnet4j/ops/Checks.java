package org.convnet4j.ops;

import java.util.Objects;
import java.util.function.Supplier;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;

/** Argument checks shared by the ops; each failure names the op, what it expected and what came. */
final class Checks {

  private Checks() {}

  /** {@code [5,5,4,64]}: shapes as the error messages print them. */
  static String shape(int[] s) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < s.length; i++) {
      sb.append(i == 0 ? "" : ",").append(s[i]);
    }
    return sb.append(']').toString();
  }

  static IllegalArgumentException fail(String op, String format, Object... args) {
    return new IllegalArgumentException(op + ": " + format.formatted(args));
  }

  static Tensor notNull(String op, String name, Tensor t) {
    return Objects.requireNonNull(t, () -> op + ": " + name + " is null");
  }

  /** The shape of {@code t}, which must have {@code rank} dimensions laid out as {@code layout}. */
  static int[] rank(String op, String name, Tensor t, int rank, String layout) {
    notNull(op, name, t);
    int[] s = t.shape();
    if (s.length != rank) {
      throw fail(op, "%s must be rank %d %s, got shape %s", name, rank, layout, shape(s));
    }
    return s;
  }

  /** The shape of {@code t}, which must have at least {@code minRank} dimensions. */
  static int[] minRank(String op, String name, Tensor t, int minRank) {
    notNull(op, name, t);
    int[] s = t.shape();
    if (s.length < minRank) {
      throw fail(op, "%s must have rank %d or more, got shape %s", name, minRank, shape(s));
    }
    return s;
  }

  /** Checks that {@code bias} is {@code [channels]}, one value per output channel. */
  static void bias(String op, Tensor bias, int channels) {
    int[] b = rank(op, "bias", bias, 1, "[c]");
    if (b[0] != channels) {
      throw fail(op, "bias %s must have one value per output channel (%d)", shape(b), channels);
    }
  }

  /**
   * A TensorFlow 4-element window argument ({@code strides} or {@code ksize}) {@code [1, h, w, 1]}:
   * returns {@code {h, w}}.
   */
  static int[] window(String op, String name, int[] arg) {
    Objects.requireNonNull(arg, () -> op + ": " + name + " is null");
    if (arg.length != 4) {
      throw fail(op, "%s must have 4 elements [1, %2$sH, %2$sW, 1], got %3$s",
          name, name.equals("ksize") ? "k" : "stride", shape(arg));
    }
    if (arg[0] != 1 || arg[3] != 1) {
      throw fail(op, "%s[0] (batch) and %s[3] (channels) must be 1, got %s",
          name, name, shape(arg));
    }
    if (arg[1] < 1 || arg[2] < 1) {
      throw fail(op, "%s must be at least 1, got %s", name, shape(arg));
    }
    return new int[] {arg[1], arg[2]};
  }

  static Padding padding(String op, Padding padding) {
    return Objects.requireNonNull(padding, () -> op + ": padding is null");
  }

  /** Resolves window geometry, prefixing the geometry's own complaint with the op's name. */
  static <T> T geometry(String op, Supplier<T> resolve) {
    try {
      return resolve.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }

  /** {@code axis} resolved against {@code rank}; negative axes count from the end. */
  static int axis(String op, int axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw fail(op, "axis %d is out of range for rank %d (expected %d to %d)",
          axis, rank, -rank, rank - 1);
    }
    return axis < 0 ? axis + rank : axis;
  }
}
