package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;
import static org.convnet4j.kernels.vector.MicroKernel.ROW_STRIDE;
import static org.convnet4j.kernels.vector.Scratch.ORIGIN;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * {@code C = Aᵀ · B} for {@code A} stored {@code [k, m]} and {@code B} stored {@code [k, n]},
 * row-major, with a short shared dimension: a dense layer's weight gradient, {@code xᵀ · dy} over
 * a batch. A task's columns of {@code A}, a few blocks of {@value MicroKernel#MR}, are copied side
 * by side into rows {@link MicroKernel#ROW_STRIDE} apart, as {@link MicroKernel#multiplyColumns}
 * reads them; packing {@code Aᵀ} instead, as {@link Gemm} does, gathers a column of {@code A} per
 * row of the panel. {@code B} is packed once into panels of {@link MicroKernel#NR} columns. The
 * whole shared dimension is one block, so each element of {@code C} is one sum in order of {@code
 * p}, whatever the thread count.
 */
final class TransposedProduct {

  /** The longest shared dimension taken: the columns of {@code B}'s panel must stay in L1. */
  static final int MAX_K = 512;

  // Row blocks of A's columns per task: enough tasks for an even split, each a few hundred rows,
  // and their columns fit one row of the copy (ROW_STRIDE floats).
  private static final int PANELS_PER_TASK = 8;

  private TransposedProduct() {}

  /** Whether {@link #multiply} takes this product: {@code k} at most {@value #MAX_K}. */
  static boolean fits(int m, int n, int k) {
    return k > 0 && k <= MAX_K && m >= MR && n >= NR;
  }

  /** {@code c[i, j] = sum over p of a[p, i] * b[p, j]}, then the epilogue's bias and ReLU. */
  static void multiply(float[] a, float[] b, float[] c, int m, int n, int k, Epilogue epilogue) {
    int rowsPerTask = PANELS_PER_TASK * MR;
    // B packed once, panel by panel, and read by every task: in place, a panel's rows lie n floats
    // apart, a page apart in dense1's dW, where neither the prefetchers nor L1's sets kept up.
    float[] packedB =
        Scratch.get().floats(Scratch.Slot.GEMM_PACKED_B, Gemm.ceilDiv(n, NR) * NR * k);
    MatrixView.columns(b, 0, n).packPanels(0, n, 0, k, packedB, ORIGIN);
    Parallelism.forEach(
        Gemm.ceilDiv(m, rowsPerTask),
        task -> {
          int first = task * rowsPerTask;
          rows(a, packedB, c, m, n, k, first, Math.min(m, first + rowsPerTask), epilogue);
        });
  }

  // Rows [first, last) of C, at most ROW_STRIDE of them. Their columns of A are copied first: read
  // in place, a block's rows lie a row of A apart (12.5 KB in dense1's dW), too far for the
  // prefetchers, and the product ran at 104 GFLOP/s on one thread against 126 copied. The copy
  // also gives the last block, past the end of A's rows, its zero columns.
  private static void rows(
      float[] a,
      float[] packedB,
      float[] c,
      int m,
      int n,
      int k,
      int first,
      int last,
      Epilogue epilogue) {
    Scratch scratch = Scratch.get();
    BlockTarget target = scratch.target;
    float[] left = scratch.floats(Scratch.Slot.GEMM_PACKED_A, k * ROW_STRIDE);
    int width = Gemm.ceilDiv(last - first, MR) * MR;
    for (int p = 0; p < k; p++) {
      System.arraycopy(a, p * m + first, left, p * ROW_STRIDE, last - first);
      Arrays.fill(left, p * ROW_STRIDE + last - first, p * ROW_STRIDE + width, 0f);
    }
    for (int i0 = first; i0 < last; i0 += MR) {
      int rows = Math.min(MR, last - i0);
      for (int j0 = 0; j0 < n; j0 += NR) {
        target.prepare(c, i0 * n + j0, n, rows, Math.min(NR, n - j0), false);
        MicroKernel.multiplyColumns(
            left,
            i0 - first,
            packedB,
            ORIGIN + j0 * k,
            k,
            target.array,
            target.offset,
            target.ld,
            false);
        target.finish(epilogue, j0);
      }
    }
  }
}
