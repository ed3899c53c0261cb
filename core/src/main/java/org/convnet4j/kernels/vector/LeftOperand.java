package org.convnet4j.kernels.vector;

import java.util.Arrays;

/**
 * The left operand {@code A} of a {@link Gemm}, as it packs it: blocks of rows copied into row
 * panels for {@link MicroKernel#multiply}.
 */
interface LeftOperand {

  /**
   * Writes {@code A[i0 + i, p0 + p]} to {@code dst[offset + i * MicroKernel.ROW_STRIDE + p]} for
   * {@code i < count}, {@code p < kc}, and zeros in the rows from {@code count} to {@link
   * MicroKernel#MR}.
   */
  void packRowPanel(int i0, int count, int p0, int kc, float[] dst, int offset);

  /**
   * {@code A[i, p] = data[offset + p * ld + i]}: the transpose of a row-major matrix. Its rows are
   * strided, so each is copied float by float.
   */
  static LeftOperand transposed(float[] data, int offset, int ld) {
    return (i0, count, p0, kc, dst, dstOffset) -> {
      // Row by row, so that the stores run on; the strided loads revisit the same kc lines.
      for (int i = 0; i < count; i++) {
        int from = offset + p0 * ld + i0 + i;
        int to = dstOffset + i * MicroKernel.ROW_STRIDE;
        for (int p = 0; p < kc; p++) {
          dst[to + p] = data[from + p * ld];
        }
      }
      zeroRowsFrom(count, kc, dst, dstOffset);
    };
  }

  /** Zeroes rows {@code [count, MR)} of a row panel: the block's rows past the edge of {@code A}. */
  static void zeroRowsFrom(int count, int kc, float[] dst, int offset) {
    for (int i = count; i < MicroKernel.MR; i++) {
      int row = offset + i * MicroKernel.ROW_STRIDE;
      Arrays.fill(dst, row, row + kc, 0f);
    }
  }
}
