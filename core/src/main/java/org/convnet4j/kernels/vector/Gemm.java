package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;
import static org.convnet4j.kernels.vector.Scratch.ORIGIN;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;

/**
 * Single-precision {@code C = A · B}, BLIS-style. A thread's unit of work is a rectangle of {@code
 * C}: whole {@value #MC}-row tiles by at most {@value #NC} columns. It runs through the shared
 * dimension in blocks of at most {@value #KC} ({@link #blockLength}); each block packs its slice of
 * {@code B} once (in L2), then every tile of rows packs its slice of {@code A}, and each row panel
 * of it (in L1) meets every panel of {@code B} in {@link MicroKernel}, which streams {@code B} in
 * order, as the prefetchers like. Every element's sum runs over the same blocks in the same order
 * however the rectangles are cut, so results do not depend on the number of threads.
 */
final class Gemm {

  static final int MC = 24 * MR;
  static final int NC = 16 * NR;
  static final int KC = MicroKernel.ROW_STRIDE;

  // Tasks per thread when several threads share a product: enough that one slowed down by other
  // load on the machine leaves more of them to the others, and that uneven task counts cost little.
  private static final int TASKS_PER_THREAD = 16;

  private Gemm() {}

  /**
   * {@code c[cOffset + i * n + j] (+)= sum over p < k of a[i, p] * bT[j, p]} for {@code i < m},
   * {@code j < n}, where {@code bT} is {@code B} transposed; adds to {@code c} when {@code
   * epilogue.accumulate()}, then applies its bias and ReLU. Runs on the {@link Parallelism} pool.
   */
  static void multiply(
      LeftOperand a,
      MatrixView bT,
      float[] c,
      int cOffset,
      int m,
      int n,
      int k,
      Epilogue epilogue) {
    if (m == 0 || n == 0) {
      return;
    }
    int threads = Parallelism.threads();
    if (threads == 1) {
      multiplySerial(a, bT, c, cOffset, m, n, k, epilogue);
      return;
    }
    // Cut rows first: every task packs all of its columns of A and B, and a task of few rows would
    // pay that for little work. Only when the row tiles are fewer than the threads, cut columns,
    // into a multiple of the thread count so that the threads finish together.
    int tilesM = ceilDiv(m, MC);
    int tilesPerTask = ceilDiv(tilesM, Math.min(tilesM, TASKS_PER_THREAD * threads));
    int tasksM = ceilDiv(tilesM, tilesPerTask);
    int columnCuts = ceilDiv(n, NC);
    if (tasksM < threads) {
      columnCuts = ceilDiv(Math.max(columnCuts, ceilDiv(2 * threads, tasksM)), threads) * threads;
    }
    int width = Math.min(NC, ceilDiv(ceilDiv(n, columnCuts), NR) * NR);
    int tasksN = ceilDiv(n, width);
    int rowsPerTask = tilesPerTask * MC;
    Parallelism.forEach(
        tasksM * tasksN,
        t -> {
          int i0 = (t / tasksN) * rowsPerTask;
          int j0 = (t % tasksN) * width;
          tiles(
              a,
              bT,
              c,
              cOffset,
              n,
              k,
              i0,
              Math.min(m, i0 + rowsPerTask),
              j0,
              Math.min(n, j0 + width),
              epilogue);
        });
  }

  /** {@link #multiply} on the calling thread only, for callers that are a task already. */
  static void multiplySerial(
      LeftOperand a,
      MatrixView bT,
      float[] c,
      int cOffset,
      int m,
      int n,
      int k,
      Epilogue epilogue) {
    for (int j0 = 0; j0 < n; j0 += NC) {
      tiles(a, bT, c, cOffset, n, k, 0, m, j0, Math.min(n, j0 + NC), epilogue);
    }
  }

  /** Floats {@link #packForRows} writes for {@code k} rows of {@code n} columns. */
  static int packedSizeForRows(int k, int n) {
    return k * ceilDiv(n, NR) * NR;
  }

  /**
   * Packs {@code bT} ({@code [n, k]}, {@code B} transposed) once into {@code packed}, a {@link
   * Scratch} buffer, from {@link Scratch#ORIGIN} on, for {@link #multiplyRows} with left operands
   * of {@code k} columns in segments of {@code segmentLength}: in blocks of whole segments, each
   * block in {@link MicroKernel#NR}-column panels.
   */
  static void packForRows(int k, int segmentLength, MatrixView bT, int n, float[] packed) {
    int panels = ceilDiv(n, NR);
    int blockLength = blockSegments(segmentLength) * segmentLength;
    for (int p0 = 0; p0 < k; p0 += blockLength) {
      int kc = Math.min(blockLength, k - p0);
      for (int panel = 0; panel < panels; panel++) {
        int j0 = panel * NR;
        bT.pack(
            j0, Math.min(NR, n - j0), p0, kc, packed, ORIGIN + (p0 * panels + panel * kc) * NR);
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
    // Tiles of fewer rows when there are few: one image through a convolution is a tile or two.
    int rows = Math.clamp(ceilDiv(ceilDiv(m, 4 * Parallelism.threads()), MR) * MR, MR, MC);
    Parallelism.forEach(
        ceilDiv(m, rows) * tilesN,
        t -> {
          int i0 = (t / tilesN) * rows;
          rowsTile(a, packedB, c, cOffset, n, i0, Math.min(rows, m - i0), (t % tilesN) * NC,
              epilogue);
        });
  }

  /** {@link #multiplyRows} on the calling thread only, for callers that are a task already. */
  static void multiplyRowsSerial(
      RowSource a, float[] packedB, float[] c, int cOffset, int m, int n, Epilogue epilogue) {
    for (int i0 = 0; i0 < m; i0 += MC) {
      for (int j0 = 0; j0 < n; j0 += NC) {
        rowsTile(a, packedB, c, cOffset, n, i0, Math.min(MC, m - i0), j0, epilogue);
      }
    }
  }

  // Whole segments per block of the shared dimension, about KC long.
  private static int blockSegments(int segmentLength) {
    return Math.max(1, KC / Math.max(1, segmentLength));
  }

  // Rows [i0, i0 + mc), at most MC of them, by columns [j0, j0 + NC) of C.
  private static void rowsTile(
      RowSource a,
      float[] packedB,
      float[] c,
      int cOffset,
      int n,
      int i0,
      int mc,
      int j0,
      Epilogue epilogue) {
    int nc = Math.min(NC, n - j0);
    Scratch scratch = Scratch.get();
    int[] rowOffsets = scratch.rowOffsets;
    int[] tileOffsets = scratch.tileRowOffsets;
    BlockTarget target = scratch.target;
    a.rowOffsets(i0, mc, tileOffsets);
    int panels = ceilDiv(n, NR);
    int length = a.segmentLength();
    int stride = a.segmentStride();
    int perBlock = blockSegments(a.segmentLength());
    for (int s0 = 0; s0 < a.segments(); s0 += perBlock) {
      int segments = Math.min(perBlock, a.segments() - s0);
      int kc = segments * length;
      Epilogue blockEpilogue = epilogue.forBlock(s0 == 0, s0 + segments == a.segments());
      // The bias and ReLU go over the whole tile once its blocks are stored: applied to each block
      // as the kernel had just stored it, they waited on those stores (a colour first layer of 32
      // channels, 1000 images: 19.4 to 20.6 ms, 17.9 to 18.6 this way).
      Epilogue sumsOnly = blockEpilogue.accumulate() ? Epilogue.ACCUMULATE : Epilogue.STORE;
      for (int jr = 0; jr < nc; jr += NR) {
        int bOffset = ORIGIN + (s0 * length * panels + ((j0 + jr) / NR) * kc) * NR;
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
          target.finish(sumsOnly, j0 + jr);
        }
      }
      blockEpilogue.finish(c, cOffset + i0 * n + j0, n, mc, nc, j0);
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  // The tiles of rows [iBegin, iEnd) and columns [j0, jEnd), at most NC of them. Each block of the
  // shared dimension packs its slice of B once (in L2), then every tile of rows runs through it.
  private static void tiles(
      LeftOperand a,
      MatrixView bT,
      float[] c,
      int cOffset,
      int n,
      int k,
      int iBegin,
      int iEnd,
      int j0,
      int jEnd,
      Epilogue epilogue) {
    int nc = jEnd - j0;
    if (k == 0) {
      emptySum(c, cOffset, n, iBegin, iEnd - iBegin, j0, nc, epilogue);
      return;
    }
    int blockLength = blockLength(k);
    Scratch scratch = Scratch.get();
    float[] packedA = scratch.floats(Scratch.Slot.GEMM_PACKED_A, MC * KC);
    float[] packedB = scratch.floats(Scratch.Slot.GEMM_PACKED_B, NC * blockLength);
    BlockTarget target = scratch.target;
    for (int p0 = 0; p0 < k; p0 += blockLength) {
      int kc = Math.min(blockLength, k - p0);
      Epilogue blockEpilogue = epilogue.forBlock(p0 == 0, p0 + kc == k);
      bT.packPanels(j0, nc, p0, kc, packedB, ORIGIN);
      for (int i0 = iBegin; i0 < iEnd; i0 += MC) {
        int mc = Math.min(MC, iEnd - i0);
        for (int ir = 0; ir < mc; ir += MR) {
          a.packRowPanel(i0 + ir, Math.min(MR, mc - ir), p0, kc, packedA, ir * KC);
        }
        // Each packed panel of A (in L1) meets every packed panel of B (in L2).
        for (int ir = 0; ir < mc; ir += MR) {
          for (int jr = 0; jr < nc; jr += NR) {
            int rows = Math.min(MR, mc - ir);
            int cols = Math.min(NR, nc - jr);
            target.prepare(
                c, cOffset + (i0 + ir) * n + j0 + jr, n, rows, cols, blockEpilogue.accumulate());
            MicroKernel.multiply(
                packedA,
                ir * KC,
                kc,
                packedB,
                ORIGIN + jr * kc,
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

  /**
   * The length of each block of a shared dimension of {@code k}: at most {@value #KC}, and all
   * blocks about equal, since a short last block would pay a whole pass over {@code C} for little
   * work. Depends on {@code k} alone, so every element's sum runs over the same blocks.
   */
  static int blockLength(int k) {
    return ceilDiv(k, ceilDiv(k, KC));
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
