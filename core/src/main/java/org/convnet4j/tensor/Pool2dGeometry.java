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
