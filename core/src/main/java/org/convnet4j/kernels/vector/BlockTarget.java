package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;

/**
 * Where a {@link MicroKernel} writes one block of {@code C}: into {@code C} itself when the whole
 * {@value MicroKernel#MR} x {@link MicroKernel#NR} block lies inside it, else into a spare block
 * whose inside part is copied back, since kernels always write whole blocks. One per thread,
 * reused: {@link #prepare}, run the kernel on {@link #array}, {@link #offset} and {@link #ld}, then
 * {@link #finish}.
 */
final class BlockTarget {

  private final float[] edge = new float[MR * NR];
  private float[] c;
  private int cOffset;
  private int ldc;
  private int rows;
  private int cols;

  float[] array;
  int offset;
  int ld;

  /** Targets the block of {@code rows x cols} at {@code c[cOffset]} (row stride {@code ldc}). */
  void prepare(float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate) {
    this.c = c;
    this.cOffset = cOffset;
    this.ldc = ldc;
    this.rows = rows;
    this.cols = cols;
    if (rows == MR && cols == NR) {
      array = c;
      offset = cOffset;
      ld = ldc;
      return;
    }
    if (accumulate) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, cOffset + r * ldc, edge, r * NR, cols);
      }
    }
    array = edge;
    offset = 0;
    ld = NR;
  }

  /** Copies a spare block back into {@code C}, then applies the bias and ReLU of {@code e}. */
  void finish(Epilogue e, int col0) {
    if (array == edge) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(edge, r * NR, c, cOffset + r * ldc, cols);
      }
    }
    e.finish(c, cOffset, ldc, rows, cols, col0);
  }
}
