package org.convnet4j.kernels.vector;

/**
 * A read-only matrix {@code M[i, p]} laid over some array, able to pack blocks of itself for {@link
 * MicroKernel}. GEMM operands are views, so a transposed matrix or the im2col matrix of a
 * convolution is read where it lies and never copied out whole.
 */
interface MatrixView {

  /**
   * Writes {@code M[i0 + i, p0 + p]} to {@code dst[offset + p * width + i]} for {@code i < count},
   * {@code p < kc}, and zero for {@code count <= i < width}.
   */
  void pack(int i0, int count, int p0, int kc, int width, float[] dst, int offset);

  /** {@code M[i, p] = data[offset + i * ld + p]}: a row-major matrix. */
  static MatrixView rows(float[] data, int offset, int ld) {
    return (i0, count, p0, kc, width, dst, dstOffset) -> {
      if (width > 2 * MicroKernel.LANES) {
        for (int i = 0; i < count; i++) {
          int src = offset + (i0 + i) * ld + p0;
          for (int p = 0; p < kc; p++) {
            dst[dstOffset + p * width + i] = data[src + p];
          }
        }
        zeroBeyond(count, kc, width, dst, dstOffset);
        return;
      }
      // The block's rows share their position along p: one gather per p fetches its column.
      int[] starts = Scratch.get().gatherOffsets;
      for (int i = 0; i < starts.length; i++) {
        starts[i] = i < count ? i * ld : 0;
      }
      int base = offset + i0 * ld + p0;
      for (int p = 0; p < kc; p++) {
        VectorLoops.gatherColumn(data, base + p, starts, count, width, dst, dstOffset + p * width);
      }
    };
  }

  /** {@code M[i, p] = data[offset + p * ld + i]}: the transpose of a row-major matrix. */
  static MatrixView columns(float[] data, int offset, int ld) {
    return (i0, count, p0, kc, width, dst, dstOffset) -> {
      for (int p = 0; p < kc; p++) {
        VectorLoops.copy(data, offset + (p0 + p) * ld + i0, dst, dstOffset + p * width, count);
      }
      zeroBeyond(count, kc, width, dst, dstOffset);
    };
  }

  /** Zeroes columns {@code [count, width)} of a packed panel: the block's rows past the edge. */
  static void zeroBeyond(int count, int kc, int width, float[] dst, int offset) {
    if (count == width) {
      return;
    }
    // A plain loop: Arrays.fill costs more to call than to run on these few floats.
    for (int p = 0; p < kc; p++) {
      for (int i = offset + p * width + count; i < offset + (p + 1) * width; i++) {
        dst[i] = 0f;
      }
    }
  }
}
