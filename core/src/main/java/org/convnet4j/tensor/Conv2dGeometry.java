package org.convnet4j.tensor;

import org.convnet4j.Padding;

/**
 * Every size a 2-D convolution kernel needs, resolved once: NHWC input {@code [n, h, w, cin]},
 * filter {@code [kh, kw, cin, cout]}, output {@code [n, oh, ow, cout]}. Input row {@code oy * strideH
 * - padTop + ky} is read for output row {@code oy}; rows outside {@code [0, h)} are zeros.
 */
public record Conv2dGeometry(
    int n,
    int h,
    int w,
    int cin,
    int kh,
    int kw,
    int cout,
    int strideH,
    int strideW,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight,
    int oh,
    int ow) {

  /** Resolves the geometry of {@code conv2d} for the given sizes and padding. */
  public static Conv2dGeometry of(
      int n, int h, int w, int cin, int kh, int kw, int cout, int strideH, int strideW,
      Padding padding) {
    AxisGeometry y = padding.height(h, kh, strideH);
    AxisGeometry x = padding.width(w, kw, strideW);
    return new Conv2dGeometry(
        n, h, w, cin, kh, kw, cout, strideH, strideW, y.padBefore(), y.padAfter(), x.padBefore(),
        x.padAfter(), y.out(), x.out());
  }

  /** The same convolution over a batch of {@code images} instead of {@code n}. */
  public Conv2dGeometry withBatch(int images) {
    return new Conv2dGeometry(images, h, w, cin, kh, kw, cout, strideH, strideW, padTop,
        padBottom, padLeft, padRight, oh, ow);
  }

  /** Elements in the input tensor. */
  public int inputSize() {
    return n * h * w * cin;
  }

  /** Elements in the filter tensor. */
  public int filterSize() {
    return kh * kw * cin * cout;
  }

  /** Elements in the output tensor. */
  public int outputSize() {
    return n * oh * ow * cout;
  }
}
