package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * Single-precision {@code C = A · B}, BLIS-style. {@code C} is cut into fixed {@value #MC} x
 * {@value #NC} tiles, the threads' unit of work. Inside a tile the shared dimension goes in {@value
 * #KC}-long blocks: the block's slices of {@code A} and {@code B} are packed (A's in L2, one panel
 * of B's in L1) and {@link MicroKernel} runs over every pair of panels. A tile's sums always run in
 * the same order, so results do not depend on the number of threads.
 */
final class Gemm {

  static final int MC = 24 * MR;
  static final int NC = 8 * NR;
  static final int KC = 256;

  private Gemm() {}

  /**
   * {@code c[cOffset + i * n + j] (+)= sum over p < k of a[i, p] * bT[j, p]} for {@code i < m},
   * {@code j < n}, where {@code bT} is {@code B} transposed; adds to {@code c} when {@code
   * epilogue.accumulate()}, then applies its bias and ReLU. Runs on the {@link Parallelism} pool.
   */
  static void multiply(
      MatrixView a, MatrixView bT, float[] c, int cOffset, int m, int n, int k, Epilogue epilogue) {
    int tilesN = ceilDiv(n, NC);
    Parallelism.forEach(
        ceilDiv(m, MC) * tilesN,
        t -> tile(a, bT, c, cOffset, m, n, k, (t / tilesN) * MC, (t % tilesN) * NC, epilogue));
  }

  /** {@link #multiply} on the calling thread only, for callers that are a task already. */
  static void multiplySerial(
      MatrixView a, MatrixView bT, float[] c, int cOffset, int m, int n, int k, Epilogue epilogue) {
    for (int i0 = 0; i0 < m; i0 += MC) {
      for (int j0 = 0; j0 < n; j0 += NC) {
        tile(a, bT, c, cOffset, m, n, k, i0, j0, epilogue);
      }
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void tile(
      MatrixView a,
      MatrixView bT,
      float[] c,
      int cOffset,
      int m,
      int n,
      int k,
      int i0,
      int j0,
      Epilogue epilogue) {
    int mc = Math.min(MC, m - i0);
    int nc = Math.min(NC, n - j0);
    if (k == 0) {
      emptySum(c, cOffset, n, i0, mc, j0, nc, epilogue);
      return;
    }
    Scratch scratch = Scratch.get();
    float[] packedA = scratch.floats(Scratch.Slot.GEMM_PACKED_A, MC * KC);
    float[] packedB = scratch.floats(Scratch.Slot.GEMM_PACKED_B, NC * KC);
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      Epilogue blockEpilogue = epilogue.forBlock(p0 == 0, p0 + kc == k);
      for (int jr = 0; jr < nc; jr += NR) {
        bT.pack(j0 + jr, Math.min(NR, nc - jr), p0, kc, NR, packedB, jr * kc);
      }
      for (int ir = 0; ir < mc; ir += MR) {
        a.pack(i0 + ir, Math.min(MR, mc - ir), p0, kc, MR, packedA, ir * kc);
      }
      // Each packed panel of B (in L1) meets every packed panel of A (in L2).
      for (int jr = 0; jr < nc; jr += NR) {
        for (int ir = 0; ir < mc; ir += MR) {
          MicroKernel.multiplyBlock(
              packedA,
              ir * kc,
              kc,
              packedB,
              jr * kc,
              c,
              cOffset + (i0 + ir) * n + j0 + jr,
              n,
              Math.min(MR, mc - ir),
              Math.min(NR, nc - jr),
              j0 + jr,
              blockEpilogue,
              scratch.edge);
        }
      }
    }
  }

  // k == 0: every sum is empty, so C keeps (or is) zero before the bias and ReLU.
  private static void emptySum(
      float[] c, int cOffset, int n, int i0, int mc, int j0, int nc, Epilogue epilogue) {
    int first = cOffset + i0 * n + j0;
    if (!epilogue.accumulate()) {
      for (int i = 0; i < mc; i++) {
        Arrays.fill(c, first + i * n, first + i * n + nc, 0f);
      }
    }
    epilogue.finish(c, first, n, mc, nc, j0);
  }
}
