package org.convnet4j.data;

/**
 * Bilinear resizing exactly as TensorFlow's {@code tf.image.resize(images, size, "bilinear")} does
 * it with {@code antialias=False}, which is what Keras' {@code image_dataset_from_directory} calls:
 * the {@code ResizeBilinear} kernel with half-pixel centres, in float32 arithmetic.
 *
 * <p>For output row {@code y} of {@code outH} from {@code inH} rows, with {@code scale = inH /
 * outH} (float32):
 *
 * <pre>
 * in    = (y + 0.5) * scale - 0.5
 * lower = max(floor(in), 0)     upper = min(ceil(in), inH - 1)     lerp = in - floor(in)
 * </pre>
 *
 * and the same for columns; then {@code top = topLeft + (topRight - topLeft) * xLerp}, {@code
 * bottom = bottomLeft + (bottomRight - bottomLeft) * xLerp}, {@code out = top + (bottom - top) *
 * yLerp}. Shrinking by more than 2 therefore skips input pixels (no antialiasing), as TensorFlow's
 * default does; an output the size of the input equals the input.
 */
final class BilinearResize {

  private BilinearResize() {}

  /**
   * Resizes one image.
   *
   * <p>Shapes: {@code source [inH, inW, channels]} row-major to {@code [outH, outW, channels]}.
   */
  static float[] resize(float[] source, int inH, int inW, int channels, int outH, int outW) {
    if (inH == outH && inW == outW) {
      return source.clone();
    }
    Axis rows = Axis.of(inH, outH);
    Axis cols = Axis.of(inW, outW);
    float[] out = new float[outH * outW * channels];
    int rowStride = inW * channels;
    for (int y = 0; y < outH; y++) {
      int topRow = rows.lower[y] * rowStride;
      int bottomRow = rows.upper[y] * rowStride;
      float yLerp = rows.lerp[y];
      for (int x = 0; x < outW; x++) {
        int left = cols.lower[x] * channels;
        int right = cols.upper[x] * channels;
        float xLerp = cols.lerp[x];
        int o = (y * outW + x) * channels;
        for (int c = 0; c < channels; c++) {
          float topLeft = source[topRow + left + c];
          float topRight = source[topRow + right + c];
          float bottomLeft = source[bottomRow + left + c];
          float bottomRight = source[bottomRow + right + c];
          float top = topLeft + (topRight - topLeft) * xLerp;
          float bottom = bottomLeft + (bottomRight - bottomLeft) * xLerp;
          out[o + c] = top + (bottom - top) * yLerp;
        }
      }
    }
    return out;
  }

  /** Where each output position of one axis reads: TensorFlow's {@code CachedInterpolation}. */
  private record Axis(int[] lower, int[] upper, float[] lerp) {

    static Axis of(int inSize, int outSize) {
      float scale = (float) inSize / outSize;
      int[] lower = new int[outSize];
      int[] upper = new int[outSize];
      float[] lerp = new float[outSize];
      for (int i = 0; i < outSize; i++) {
        float in = (i + 0.5f) * scale - 0.5f;
        float floor = (float) Math.floor(in);
        lower[i] = Math.max((int) floor, 0);
        upper[i] = Math.min((int) Math.ceil(in), inSize - 1);
        lerp[i] = in - floor;
      }
      return new Axis(lower, upper, lerp);
    }
  }
}
