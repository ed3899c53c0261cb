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
    return transpose(filter.toFloatArray(), filter.shape(), 3, 2, 0, 1);
  }

  /** {@code [cout, cin, kh, kw]} to {@code [kh, kw, cin, cout]}. */
  static float[] oihwToHwio(float[] from, int cout, int cin, int kh, int kw) {
    return transpose(from, new int[] {cout, cin, kh, kw}, 2, 3, 1, 0);
  }

  /**
   * The row-major 4-D array {@code from} of dimensions {@code dims}, transposed as ONNX's Transpose
   * with {@code perm}: axis {@code k} of the result is axis {@code perm[k]} of {@code from}.
   */
  static float[] transpose(float[] from, int[] dims, int... perm) {
    int[] inStrides = {dims[1] * dims[2] * dims[3], dims[2] * dims[3], dims[3], 1};
    int[] outDims = new int[4];
    int[] strides = new int[4];
    for (int k = 0; k < 4; k++) {
      outDims[k] = dims[perm[k]];
      strides[k] = inStrides[perm[k]];
    }
    float[] to = new float[from.length];
    int t = 0;
    for (int a = 0; a < outDims[0]; a++) {
      for (int b = 0; b < outDims[1]; b++) {
        for (int c = 0; c < outDims[2]; c++) {
          for (int d = 0; d < outDims[3]; d++) {
            to[t++] = from[a * strides[0] + b * strides[1] + c * strides[2] + d * strides[3]];
          }
        }
      }
    }
    return to;
  }
}
