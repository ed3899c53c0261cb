package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.NR;

/**
 * The right operand of a {@link Gemm}, seen transposed: a read-only matrix {@code M[j, p] = B[p,
 * j]} laid over some array, able to pack blocks of itself into the {@link MicroKernel#NR}-column
 * panels of {@code B} that {@link MicroKernel} reads. Operands are views, so a transposed matrix or
 * the im2col matrix of a convolution is read where it lies and never copied out whole.
 */
interface MatrixView {

  /**
   * Writes {@code M[j0 + j, p0 + p]} to {@code dst[offset + p * NR + j]} for {@code j < count},
   * {@code p < kc}, and zero for {@code count <= j < NR}.
   */
  void pack(int j0, int count, int p0, int kc, float[] dst, int offset);

  /** {@code M[j, p] = data[offset + j * ld + p]}: a row-major matrix. */
  static MatrixView rows(float[] data, int offset, int ld) {
    return (j0, count, p0, kc, dst, dstOffset) -> {
      // The block's rows share their position along p: one gather per p fetches its column.
      int[] starts = Scratch.get().gatherOffsets;
      for (int j = 0; j < starts.length; j++) {
        starts[j] = j < count ? j * ld : 0;
      }
      int base = offset + j0 * ld + p0;
      for (int p = 0; p < kc; p++) {
        VectorLoops.gatherColumn(data, base + p, starts, count, dst, dstOffset + p * NR);
      }
    };
  }

  /** {@code M[j, p] = data[offset + p * ld + j]}: the transpose of a row-major matrix. */
  static MatrixView columns(float[] data, int offset, int ld) {
    return (j0, count, p0, kc, dst, dstOffset) -> {
      for (int p = 0; p < kc; p++) {
        VectorLoops.copy(data, offset + (p0 + p) * ld + j0, dst, dstOffset + p * NR, count);
      }
      zeroBeyond(count, kc, dst, dstOffset);
    };
  }

  /** Zeroes columns {@code [count, NR)} of a packed panel: the block's columns past the edge. */
  static void zeroBeyond(int count, int kc, float[] dst, int offset) {
    if (count == NR) {
      return;
    }
    // A plain loop: Arrays.fill costs more to call than to run on these few floats.
    for (int p = 0; p < kc; p++) {
      for (int j = offset + p * NR + count; j < offset + (p + 1) * NR; j++) {
        dst[j] = 0f;
      }
    }
  }
}
