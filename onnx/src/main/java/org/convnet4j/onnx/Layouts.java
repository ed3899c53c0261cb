package org.convnet4j.onnx;

import org.convnet4j.Tensor;

/**
 * Moves weights between convnet4j's layouts (TensorFlow's) and ONNX's: convolution filters are
 * {@code [kh, kw, cin, cout]} (HWIO) here and {@code [cout, cin, kh, kw]} (OIHW) in ONNX.
 */
final class Layouts {

  private Layouts() {}

  /** {@code [kh, kw, cin, cout]} to {@code [cout, cin, kh, kw]}. */
  static float[] hwioToOihw(Tensor filter) {
    int kh = filter.dim(0);
    int kw = filter.dim(1);
    int cin = filter.dim(2);
    int cout = filter.dim(3);
    float[] from = filter.toFloatArray();
    float[] to = new float[from.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < cin; i++) {
          for (int o = 0; o < cout; o++) {
            to[((o * cin + i) * kh + y) * kw + x] = from[((y * kw + x) * cin + i) * cout + o];
          }
        }
      }
    }
    return to;
  }

  /** {@code [cout, cin, kh, kw]} to {@code [kh, kw, cin, cout]}. */
  static float[] oihwToHwio(float[] from, int cout, int cin, int kh, int kw) {
    float[] to = new float[from.length];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < cin; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            to[((y * kw + x) * cin + i) * cout + o] = from[((o * cin + i) * kh + y) * kw + x];
          }
        }
      }
    }
    return to;
  }
}
