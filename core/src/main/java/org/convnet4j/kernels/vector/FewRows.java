package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * {@code C = op(A) · B} for an {@code A} of fewer rows than {@link MicroKernel#MR}, such as one
 * image through a dense layer: {@code B} ({@code [k, n]}, row-major) is read once, in place, row by
 * row, instead of being packed for a block that would be mostly empty. Such a product is bound by
 * reading {@code B}, so each task streams one contiguous run of its rows (whole rows, which the
 * hardware prefetches well; a range of columns would jump to a new row every few lines) into
 * partial sums of its own. The parts are fixed by the sizes and added in order, so results do not
 * depend on the thread count. A row of {@code B} whose weight in a row of {@code A} is zero is
 * skipped: behind a ReLU and a max pooling most inputs of a dense layer are (87.6 % of those of the
 * tutorial's dense layer in a trained MNIST network), and {@code 0 · b} adds nothing to a sum, so one
 * image's product reads that much less of {@code B}. Must match {@code ReferenceKernels.matmul},
 * except where {@code B} holds an infinity or NaN that such a zero would have turned into NaN.
 */
final class FewRows {

  // Rows of B per task: 256 rows of a thousand columns is a megabyte, enough to stream.
  private static final int ROWS_PER_PART = 256;

  private FewRows() {}

  static boolean fits(int m, boolean transposeB) {
    return m < MicroKernel.MR && !transposeB;
  }

  /** {@code c[i, j] = sum over p of op(a)[i, p] * b[p, j]}, then the epilogue's bias and ReLU. */
  static void multiply(
      float[] a, boolean transposeA, float[] b, float[] c, int m, int n, int k, Epilogue epilogue) {
    int parts = Math.max(1, Gemm.ceilDiv(k, ROWS_PER_PART));
    int size = m * n;
    float[] partials = Scratch.get().floats(Scratch.Slot.FEW_ROWS_PARTIALS, parts * size);
    Parallelism.forEach(
        parts,
        q -> {
          Arrays.fill(partials, q * size, (q + 1) * size, 0f);
          for (int p = q * ROWS_PER_PART; p < Math.min(k, (q + 1) * ROWS_PER_PART); p++) {
            for (int i = 0; i < m; i++) {
              float x = transposeA ? a[p * m + i] : a[i * k + p];
              if (x != 0f) {
                VectorLoops.axpy(x, b, p * n, partials, q * size + i * n, n);
              }
            }
          }
        });
    System.arraycopy(partials, 0, c, 0, size);
    for (int q = 1; q < parts; q++) {
      VectorLoops.addInto(partials, q * size, c, 0, size);
    }
    epilogue.finish(c, 0, n, m, n, 0);
  }
}
