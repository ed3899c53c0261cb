package org.convnet4j.data;

/**
 * The contents of an IDX image file: {@code count} grey images of {@code rows x cols} unsigned
 * bytes, image after image, row after row. The array is the reader's own, handed over without a
 * copy; treat it as read-only.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

  /** Pixels per image, {@code rows * cols}. */
  public int pixelsPerImage() {
    return rows * cols;
  }
}
