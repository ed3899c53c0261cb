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

  /**
   * Packs columns {@code [j0, j0 + nc)} as consecutive panels, panel {@code q} at {@code dst[offset
   * + q * kc * NR]}: {@link #pack} panel by panel, unless a view reads better in another order.
   */
  default void packPanels(int j0, int nc, int p0, int kc, float[] dst, int offset) {
    for (int jr = 0; jr < nc; jr += NR) {
      pack(j0 + jr, Math.min(NR, nc - jr), p0, kc, dst, offset + jr * kc);
    }
  }

  /** {@code M[j, p] = data[offset + j * ld + p]}: a row-major matrix. */
  static MatrixView rows(float[] data, int offset, int ld) {
    return (j0, count, p0, kc, dst, dstOffset) -> {
      int base = offset + j0 * ld + p0;
      if (!Transpose16.APPLIES) {
        gatherColumns(data, base, ld, count, kc, dst, dstOffset);
        return;
      }
      // A whole panel goes through registers 16 x 16 floats at a time: a dense layer's input
      // gradient packs its whole weight matrix this way, where gathers took a fifth of its time.
      int size = Transpose16.SIZE;
      int transposed = count == NR ? kc / size * size : 0;
      for (int p = 0; p < transposed; p += size) {
        for (int half = 0; half < NR; half += size) {
          Transpose16.transpose(
              data, base + half * ld + p, ld, dst, dstOffset + p * NR + half, NR);
        }
      }
      // The rest, fewer columns than a block has or a last, partial panel, float by float: gathers
      // here ran too seldom for the JIT to compile them as such in some runs, and then allocated a
      // quarter of a megabyte a training step (dense2's input gradient, 10 columns).
      for (int p = transposed; p < kc; p++) {
        for (int j = 0; j < count; j++) {
          dst[dstOffset + p * NR + j] = data[base + j * ld + p];
        }
      }
      zeroBeyond(count, kc, dst, dstOffset);
    };
  }

  // The block's kc columns, one gather per column: its rows share their position along p.
  private static void gatherColumns(
      float[] data, int base, int ld, int count, int kc, float[] dst, int dstOffset) {
    int[] starts = Scratch.get().gatherOffsets;
    for (int j = 0; j < starts.length; j++) {
      starts[j] = j < count ? j * ld : 0;
    }
    for (int p = 0; p < kc; p++) {
      VectorLoops.gatherColumn(data, base + p, starts, count, dst, dstOffset + p * NR);
    }
  }

  /** {@code M[j, p] = data[offset + p * ld + j]}: the transpose of a row-major matrix. */
  static MatrixView columns(float[] data, int offset, int ld) {
    return new MatrixView() {
      @Override
      public void pack(int j0, int count, int p0, int kc, float[] dst, int dstOffset) {
        for (int p = 0; p < kc; p++) {
          VectorLoops.copy(data, offset + (p0 + p) * ld + j0, dst, dstOffset + p * NR, count);
        }
        zeroBeyond(count, kc, dst, dstOffset);
      }

      // Row by row, each row's part read start to end. Panel by panel, a weight matrix larger than
      // the caches is read NR floats a row, each row a page apart: dense1's forward product
      // (128 x 3136 x 1024) took 9 % longer that way.
      @Override
      public void packPanels(int j0, int nc, int p0, int kc, float[] dst, int dstOffset) {
        int whole = nc / NR * NR;
        for (int p = 0; p < kc; p++) {
          int from = offset + (p0 + p) * ld + j0;
          for (int jr = 0; jr < whole; jr += NR) {
            VectorLoops.copy(data, from + jr, dst, dstOffset + jr * kc + p * NR, NR);
          }
        }
        if (whole < nc) {
          pack(j0 + whole, nc - whole, p0, kc, dst, dstOffset + whole * kc);
        }
      }
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
