package org.convnet4j.tensor;

import org.convnet4j.Padding;

/**
 * Every size a 2-D pooling kernel needs, resolved once: NHWC input {@code [n, h, w, c]}, window
 * {@code [kh, kw]}, output {@code [n, oh, ow, c]}. Padded cells never take part: max pooling
 * ignores them and average pooling divides by the number of real cells in each window.
 */
public record Pool2dGeometry(
    int n,
    int h,
    int w,
    int c,
    int kh,
    int kw,
    int strideH,
    int strideW,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight,
    int oh,
    int ow) {

  /** Resolves the geometry of a pooling op for the given sizes and padding. */
  public static Pool2dGeometry of(
      int n, int h, int w, int c, int kh, int kw, int strideH, int strideW, Padding padding) {
    AxisGeometry y = padding.height(h, kh, strideH);
    AxisGeometry x = padding.width(w, kw, strideW);
    return new Pool2dGeometry(
        n, h, w, c, kh, kw, strideH, strideW, y.padBefore(), y.padAfter(), x.padBefore(),
        x.padAfter(), y.out(), x.out());
  }
  /**
   * Global pooling of {@code [n, h, w, c]}, Keras' {@code GlobalAveragePooling2D} and {@code
   * GlobalMaxPooling2D}: one {@code h x w} window per image, {@code VALID}, so the output is
   * {@code [n, 1, 1, c]}. Its stride is the window's size, so the window tiles the image, which
   * lets the pooling kernels' gradients write each input cell once.
   */
  public static Pool2dGeometry global(int n, int h, int w, int c) {
    return of(n, h, w, c, h, w, h, w, Padding.VALID);
  }

  /** The same pooling over a batch of {@code images} instead of {@code n}. */
  public Pool2dGeometry withBatch(int images) {
    return new Pool2dGeometry(images, h, w, c, kh, kw, strideH, strideW, padTop, padBottom,
        padLeft, padRight, oh, ow);
  }


  /** Elements in the input tensor. */
  public int inputSize() {
    return n * h * w * c;
  }

  /** Elements in the output tensor. */
  public int outputSize() {
    return n * oh * ow * c;
  }
}
