package org.convnet4j.train.translation;

import java.util.Arrays;
import org.convnet4j.data.DataSplit;
import org.convnet4j.internal.TensorAccess;

/**
 * A blank square canvas larger than an MNIST digit, on which digits are placed whole at a chosen
 * offset: the translated-MNIST setting of Mnih et al. (2014), 40x40 by default.
 *
 * <p>An offset {@code (top, left)} is where the digit's 28x28 image starts; both run from 0 to
 * {@link #maxOffset()}, so no digit is ever clipped. The centred offset is {@link #centre()}.
 *
 * @param size side of the canvas in pixels, at least {@value #DIGIT}
 */
public record Canvas(int size) {

  /** Side of an MNIST digit's image. */
  public static final int DIGIT = 28;

  public Canvas {
    if (size < DIGIT) {
      throw new IllegalArgumentException(
          "canvas: must be at least %d pixels (an MNIST digit), got %d".formatted(DIGIT, size));
    }
  }

  /** The largest offset in each direction: {@code size - 28}. */
  public int maxOffset() {
    return size - DIGIT;
  }

  /** The offset that centres a digit, {@code maxOffset / 2} (rounded down). */
  public int centre() {
    return maxOffset() / 2;
  }

  /**
   * The first {@code tops.length} digits of {@code digits}, digit {@code i} placed at {@code
   * (tops[i], lefts[i])} on a blank canvas of its own, labels kept.
   *
   * <p>Shapes: {@code [n, 28, 28, 1]} in, {@code [tops.length, size, size, 1]} out.
   *
   * @throws IllegalArgumentException if the digits are not 28x28x1, there are fewer of them than
   *     offsets, or an offset would put part of a digit off the canvas
   */
  public DataSplit place(DataSplit digits, int[] tops, int[] lefts) {
    int[] shape = digits.imageShape();
    if (shape[0] != DIGIT || shape[1] != DIGIT || shape[2] != 1) {
      throw new IllegalArgumentException(
          "canvas: expected digits [n, 28, 28, 1], got [%d, %d, %d, %d]"
              .formatted(digits.size(), shape[0], shape[1], shape[2]));
    }
    int n = tops.length;
    if (lefts.length != n || n > digits.size() || n == 0) {
      throw new IllegalArgumentException(
          "canvas: %d tops and %d lefts for %d digits"
              .formatted(tops.length, lefts.length, digits.size()));
    }
    float[] source = TensorAccess.data(digits.batch(0, n).images());
    float[] canvas = new float[n * size * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      checkOffset(tops[i], lefts[i]);
      for (int y = 0; y < DIGIT; y++) {
        System.arraycopy(
            source,
            (i * DIGIT + y) * DIGIT,
            canvas,
            (i * size + tops[i] + y) * size + lefts[i],
            DIGIT);
      }
      labels[i] = digits.labelOf(i);
    }
    return DataSplit.of(TensorAccess.wrap(canvas, n, size, size, 1), labels, digits.numClasses());
  }

  /** The first {@code n} digits all at {@code (top, left)}. */
  public DataSplit placeAll(DataSplit digits, int n, int top, int left) {
    int[] tops = new int[n];
    int[] lefts = new int[n];
    Arrays.fill(tops, top);
    Arrays.fill(lefts, left);
    return place(digits, tops, lefts);
  }

  /** The input shape of a network reading this canvas: {@code [size, size, 1]}. */
  public int[] inputShape() {
    return new int[] {size, size, 1};
  }

  private void checkOffset(int top, int left) {
    if (top < 0 || left < 0 || top > maxOffset() || left > maxOffset()) {
      throw new IllegalArgumentException(
          "canvas: offset (%d, %d) puts part of a 28x28 digit off a %dx%d canvas; offsets run"
                  .formatted(top, left, size, size)
              + " from 0 to "
              + maxOffset());
    }
  }
}
