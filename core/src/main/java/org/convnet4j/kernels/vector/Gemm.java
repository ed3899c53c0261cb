package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * Single-precision {@code C = A · B}, BLIS-style. {@code C} is cut into {@value #MC} x {@value
 * #NC} tiles; a thread's unit of work is a column of such tiles (a group of them when one column
 * per thread would leave a thread idle). A group packs its {@value #NC} columns of {@code B} once,
 * in {@value #KC}-long blocks of the shared dimension; each tile then goes through the blocks in
 * order, packing its slice of {@code A} per block (in L2, one panel in L1) while {@link
 * MicroKernel} runs over every pair of panels, so the tile of {@code C} stays in cache. Every
 * element's sum runs over the same blocks in the same order however the tiles are grouped, so
 * results do not depend on the number of threads.
 */
final class Gemm {

  static final int MC = 24 * MR;
  static final int NC = 16 * NR;
  static final int KC = 256;

  private Gemm() {}

  /**
   * {@code c[cOffset + i * n + j] (+)= sum over p < k of a[i, p] * bT[j, p]} for {@code i < m},
   * {@code j < n}, where {@code bT} is {@code B} transposed; adds to {@code c} when {@code
   * epilogue.accumulate()}, then applies its bias and ReLU. Runs on the {@link Parallelism} pool.
   */
  static void multiply(
      MatrixView a, MatrixView bT, float[] c, int cOffset, int m, int n, int k, Epilogue epilogue) {
    if (m == 0 || n == 0) {
      return;
    }
    int tilesN = ceilDiv(n, NC);
    int tilesM = ceilDiv(m, MC);
    // Each group of row tiles packs its columns of B once for all its tiles, so one thread takes
    // one group; several threads take about sixteen tasks each, so that one slowed down by other
    // load on the machine can leave more of them to the others.
    int threads = Parallelism.threads();
    int tasksWanted = threads == 1 ? 1 : 16 * threads;
    int groups = Math.min(tilesM, ceilDiv(tasksWanted, tilesN));
    int tilesPerGroup = ceilDiv(tilesM, groups);
    int groupsM = ceilDiv(tilesM, tilesPerGroup);
    Parallelism.forEach(
        groupsM * tilesN,
        t ->
            tiles(
                a,
                bT,
                c,
                cOffset,
                n,
                k,
                (t / tilesN) * tilesPerGroup * MC,
                Math.min(m, ((t / tilesN) + 1) * tilesPerGroup * MC),
                (t % tilesN) * NC,
                epilogue));
  }

  /** {@link #multiply} on the calling thread only, for callers that are a task already. */
  static void multiplySerial(
      MatrixView a, MatrixView bT, float[] c, int cOffset, int m, int n, int k, Epilogue epilogue) {
    for (int j0 = 0; j0 < n; j0 += NC) {
      tiles(a, bT, c, cOffset, n, k, 0, m, j0, epilogue);
    }
  }

  /** Floats {@link #packForRows} writes for a right operand of {@code n} columns. */
  static int packedSizeForRows(RowSource a, int n) {
    return a.columns() * ceilDiv(n, NR) * NR;
  }

  /**
   * Packs {@code bT} ({@code [n, a.columns()]}, {@code B} transposed) once into {@code packed} for
   * {@link #multiplyRows}: in blocks of whole segments of {@code a}, each block in {@link
   * MicroKernel#NR}-column panels.
   */
  static void packForRows(RowSource a, MatrixView bT, int n, float[] packed) {
    int panels = ceilDiv(n, NR);
    int k = a.columns();
    int blockLength = blockSegments(a) * a.segmentLength();
    for (int p0 = 0; p0 < k; p0 += blockLength) {
      int kc = Math.min(blockLength, k - p0);
      for (int panel = 0; panel < panels; panel++) {
        int j0 = panel * NR;
        bT.pack(j0, Math.min(NR, n - j0), p0, kc, NR, packed, (p0 * panels + panel * kc) * NR);
      }
    }
  }

  /**
   * {@code c[cOffset + i * n + j] (+)= sum over p of a[i, p] * B[p, j]} with {@code A} read in
   * place and {@code B} from {@link #packForRows}; then the epilogue. Runs on the {@link
   * Parallelism} pool.
   */
  static void multiplyRows(
      RowSource a, float[] packedB, float[] c, int cOffset, int m, int n, Epilogue epilogue) {
    int tilesN = ceilDiv(n, NC);
    Parallelism.forEach(
        ceilDiv(m, MC) * tilesN,
        t ->
            rowsTile(a, packedB, c, cOffset, m, n, (t / tilesN) * MC, (t % tilesN) * NC, epilogue));
  }

  /** {@link #multiplyRows} on the calling thread only, for callers that are a task already. */
  static void multiplyRowsSerial(
      RowSource a, float[] packedB, float[] c, int cOffset, int m, int n, Epilogue epilogue) {
    for (int i0 = 0; i0 < m; i0 += MC) {
      for (int j0 = 0; j0 < n; j0 += NC) {
        rowsTile(a, packedB, c, cOffset, m, n, i0, j0, epilogue);
      }
    }
  }

  // Whole segments per block of the shared dimension, about KC long.
  private static int blockSegments(RowSource a) {
    return Math.max(1, KC / Math.max(1, a.segmentLength()));
  }

  private static void rowsTile(
      RowSource a,
      float[] packedB,
      float[] c,
      int cOffset,
      int m,
      int n,
      int i0,
      int j0,
      Epilogue epilogue) {
    int mc = Math.min(MC, m - i0);
    int nc = Math.min(NC, n - j0);
    Scratch scratch = Scratch.get();
    int[] rowOffsets = scratch.rowOffsets;
    int[] tileOffsets = scratch.tileRowOffsets;
    BlockTarget target = scratch.target;
    a.rowOffsets(i0, mc, tileOffsets);
    int panels = ceilDiv(n, NR);
    int length = a.segmentLength();
    int stride = a.segmentStride();
    int perBlock = blockSegments(a);
    for (int s0 = 0; s0 < a.segments(); s0 += perBlock) {
      int segments = Math.min(perBlock, a.segments() - s0);
      int kc = segments * length;
      Epilogue blockEpilogue = epilogue.forBlock(s0 == 0, s0 + segments == a.segments());
      for (int jr = 0; jr < nc; jr += NR) {
        int bOffset = (s0 * length * panels + ((j0 + jr) / NR) * kc) * NR;
        for (int ir = 0; ir < mc; ir += MR) {
          int rows = Math.min(MR, mc - ir);
          int cols = Math.min(NR, nc - jr);
          for (int r = 0; r < MR; r++) {
            rowOffsets[r] = tileOffsets[ir + Math.min(r, rows - 1)] + s0 * stride;
          }
          target.prepare(
              c, cOffset + (i0 + ir) * n + j0 + jr, n, rows, cols, blockEpilogue.accumulate());
          MicroKernel.multiplyRows(
              a.data(),
              rowOffsets,
              segments,
              length,
              stride,
              packedB,
              bOffset,
              target.array,
              target.offset,
              target.ld,
              blockEpilogue.accumulate());
          target.finish(blockEpilogue, j0 + jr);
        }
      }
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  // The tiles of rows [iBegin, iEnd) and columns from j0: each block of B is packed once for all.
  private static void tiles(
      MatrixView a,
      MatrixView bT,
      float[] c,
      int cOffset,
      int n,
      int k,
      int iBegin,
      int iEnd,
      int j0,
      Epilogue epilogue) {
    int nc = Math.min(NC, n - j0);
    if (k == 0) {
      emptySum(c, cOffset, n, iBegin, iEnd - iBegin, j0, nc, epilogue);
      return;
    }
    // All of this column of B is packed first, KC-block by block, so that each tile of C then
    // runs through every block while it is still in cache.
    int panelsWidth = ceilDiv(nc, NR) * NR;
    Scratch scratch = Scratch.get();
    float[] packedA = scratch.floats(Scratch.Slot.GEMM_PACKED_A, MC * KC);
    float[] packedB = scratch.floats(Scratch.Slot.GEMM_PACKED_B, panelsWidth * k);
    BlockTarget target = scratch.target;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      for (int jr = 0; jr < nc; jr += NR) {
        bT.pack(j0 + jr, Math.min(NR, nc - jr), p0, kc, NR, packedB, p0 * panelsWidth + jr * kc);
      }
    }
    for (int i0 = iBegin; i0 < iEnd; i0 += MC) {
      int mc = Math.min(MC, iEnd - i0);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        Epilogue blockEpilogue = epilogue.forBlock(p0 == 0, p0 + kc == k);
        for (int ir = 0; ir < mc; ir += MR) {
          a.pack(i0 + ir, Math.min(MR, mc - ir), p0, kc, MR, packedA, ir * kc);
        }
        // Each packed panel of B (in L1) meets every packed panel of A (in L2).
        for (int jr = 0; jr < nc; jr += NR) {
          for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int cols = Math.min(NR, nc - jr);
            target.prepare(
                c, cOffset + (i0 + ir) * n + j0 + jr, n, rows, cols, blockEpilogue.accumulate());
            MicroKernel.multiply(
                packedA,
                ir * kc,
                kc,
                packedB,
                p0 * panelsWidth + jr * kc,
                target.array,
                target.offset,
                target.ld,
                blockEpilogue.accumulate());
            target.finish(blockEpilogue, j0 + jr);
          }
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
