package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * {@code C = op(A) · B} for an {@code A} of fewer rows than {@link MicroKernel#MR}, such as one
 * image through a dense layer: {@code B} ({@code [k, n]}, row-major) is read once, in place, row by
 * row, instead of being packed for a block that would be mostly empty. Each thread owns a range of
 * columns and sums over {@code k} in order, so results do not depend on the thread count. Must
 * match {@code ReferenceKernels.matmul}.
 */
final class FewRows {

  private static final int COLUMNS_PER_TASK = 256;

  private FewRows() {}

  static boolean fits(int m, boolean transposeB) {
    return m < MicroKernel.MR && !transposeB;
  }

  /** {@code c[i, j] = sum over p of op(a)[i, p] * b[p, j]}, then the epilogue's bias and ReLU. */
  static void multiply(
      float[] a, boolean transposeA, float[] b, float[] c, int m, int n, int k, Epilogue epilogue) {
    Parallelism.forEach(
        Gemm.ceilDiv(n, COLUMNS_PER_TASK),
        t -> {
          int j0 = t * COLUMNS_PER_TASK;
          int width = Math.min(COLUMNS_PER_TASK, n - j0);
          for (int i = 0; i < m; i++) {
            int row = i * n + j0;
            Arrays.fill(c, row, row + width, 0f);
            for (int p = 0; p < k; p++) {
              float x = transposeA ? a[p * m + i] : a[i * k + p];
              VectorLoops.axpy(x, b, p * n + j0, c, row, width);
            }
          }
          epilogue.finish(c, j0, n, m, width, j0);
        });
  }
}
