package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of every GEMM here: an {@value #MR} x {@link #NR} block of {@code C}
 * held in 24 vector registers while FMAs run down the shared dimension, {@code B} packed by {@link
 * MatrixView#pack} in {@link #NR}-column panels. {@link #multiply} reads {@code A} from a row
 * panel, {@link #multiplyRows} reads {@value #MR} rows of {@code A} where they lie, {@link
 * #multiplySegments} reads {@code B} where it lies. (Each is its own loop nest: one kernel general
 * enough for all three ran the plain GEMM about a fifth slower, as the JIT compiled it.) (Rows
 * copied whole are cheap to pack from an im2col matrix; the BLIS layout, rows interleaved, took a
 * gather per column and cost conv2 as much as its FMAs.) Each kernel loads and stores its own
 * accumulators: a vector handed to another method is boxed unless inlined, which these large
 * methods never are.
 *
 * <p>Each kernel is a small method that chooses where its sums start, from {@code C} itself to add
 * to it or from zeros to overwrite it, and a large one without a branch on that. The JIT compiles a
 * method for the calls it has seen, with a trap where a branch never went: with the branch inside,
 * the first call of the other kind threw three large kernels away at start-up, and they ran boxed
 * vectors for a few hundred milliseconds until compiled again. (Choosing by multiplying offsets by
 * 1 or 0 is deliberate: with the start's offset and row stride passed as parameters instead, the
 * JIT kept two of {@link #multiply}'s accumulators on the stack in its inner loop.)
 */
final class MicroKernel {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /** Rows of {@code C} per block. */
  static final int MR = 12;

  /** Columns of {@code C} per block: two vectors. */
  static final int NR = 2 * LANES;

  /** Floats between the rows of a row panel ({@link #multiply}): its longest {@code kc}. */
  static final int ROW_STRIDE = 256;

  // What a kernel that overwrites C starts its sums from: every offset into it is multiplied by 0.
  private static final float[] ZEROS = new float[LANES];

  private MicroKernel() {}

  /**
   * {@code c[r, j] (+)= sum over p < kc of a[aOffset + r * ROW_STRIDE + p] * b[bOffset + p * NR +
   * j]} for the full block at {@code c[cOffset + r * ldc + j]}, adding to what {@code c} holds when
   * {@code accumulate}. {@code A} is a row panel ({@link LeftOperand#packRowPanel}): its {@value
   * #MR} rows a constant stride apart, so that one register addresses all of them.
   */
  static void multiply(
      float[] a,
      int aOffset,
      int kc,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int ldc,
      boolean accumulate) {
    multiplyFrom(
        a,
        aOffset,
        kc,
        b,
        bOffset,
        c,
        cOffset,
        ldc,
        accumulate ? c : ZEROS,
        accumulate ? 1 : 0);
  }

  // multiply, the sums starting from start: C itself with keep 1, ZEROS with keep 0.
  private static void multiplyFrom(
      float[] a,
      int aOffset,
      int kc,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int ldc,
      float[] start,
      int keep) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, start, cOffset * keep);
    FloatVector c01 = FloatVector.fromArray(SPECIES, start, (cOffset + LANES) * keep);
    FloatVector c10 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc) * keep);
    FloatVector c11 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc + LANES) * keep);
    FloatVector c20 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc) * keep);
    FloatVector c21 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc + LANES) * keep);
    FloatVector c30 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc) * keep);
    FloatVector c31 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc + LANES) * keep);
    FloatVector c40 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc) * keep);
    FloatVector c41 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc + LANES) * keep);
    FloatVector c50 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc) * keep);
    FloatVector c51 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc + LANES) * keep);
    FloatVector c60 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc) * keep);
    FloatVector c61 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc + LANES) * keep);
    FloatVector c70 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc) * keep);
    FloatVector c71 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc + LANES) * keep);
    FloatVector c80 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc) * keep);
    FloatVector c81 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc + LANES) * keep);
    FloatVector c90 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc) * keep);
    FloatVector c91 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc + LANES) * keep);
    FloatVector c100 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc) * keep);
    FloatVector c101 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc + LANES) * keep);
    FloatVector c110 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc) * keep);
    FloatVector c111 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc + LANES) * keep);
    for (int p = 0; p < kc; p++) {
      int ap = aOffset + p;
      int bp = bOffset + p * NR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[ap + ROW_STRIDE]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[ap + 2 * ROW_STRIDE]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[ap + 3 * ROW_STRIDE]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(SPECIES, a[ap + 4 * ROW_STRIDE]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(SPECIES, a[ap + 5 * ROW_STRIDE]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(SPECIES, a[ap + 6 * ROW_STRIDE]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(SPECIES, a[ap + 7 * ROW_STRIDE]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(SPECIES, a[ap + 8 * ROW_STRIDE]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(SPECIES, a[ap + 9 * ROW_STRIDE]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(SPECIES, a[ap + 10 * ROW_STRIDE]);
      c100 = x.fma(b0, c100);
      c101 = x.fma(b1, c101);
      x = FloatVector.broadcast(SPECIES, a[ap + 11 * ROW_STRIDE]);
      c110 = x.fma(b0, c110);
      c111 = x.fma(b1, c111);
    }
    c00.intoArray(c, cOffset);
    c01.intoArray(c, cOffset + LANES);
    c10.intoArray(c, cOffset + ldc);
    c11.intoArray(c, cOffset + ldc + LANES);
    c20.intoArray(c, cOffset + 2 * ldc);
    c21.intoArray(c, cOffset + 2 * ldc + LANES);
    c30.intoArray(c, cOffset + 3 * ldc);
    c31.intoArray(c, cOffset + 3 * ldc + LANES);
    c40.intoArray(c, cOffset + 4 * ldc);
    c41.intoArray(c, cOffset + 4 * ldc + LANES);
    c50.intoArray(c, cOffset + 5 * ldc);
    c51.intoArray(c, cOffset + 5 * ldc + LANES);
    c60.intoArray(c, cOffset + 6 * ldc);
    c61.intoArray(c, cOffset + 6 * ldc + LANES);
    c70.intoArray(c, cOffset + 7 * ldc);
    c71.intoArray(c, cOffset + 7 * ldc + LANES);
    c80.intoArray(c, cOffset + 8 * ldc);
    c81.intoArray(c, cOffset + 8 * ldc + LANES);
    c90.intoArray(c, cOffset + 9 * ldc);
    c91.intoArray(c, cOffset + 9 * ldc + LANES);
    c100.intoArray(c, cOffset + 10 * ldc);
    c101.intoArray(c, cOffset + 10 * ldc + LANES);
    c110.intoArray(c, cOffset + 11 * ldc);
    c111.intoArray(c, cOffset + 11 * ldc + LANES);
  }

  /**
   * {@link #multiply} with {@code B} read where it lies, in {@code segments} runs of {@code
   * segmentLength} rows: row {@code p = s * segmentLength + q} of the block of {@code B} is {@code
   * b[bOffset + s * segmentStride + q * ldb + j]}, {@code j < NR}. (The filter gradient reads the
   * padded input this way, one output row of pixels per run.)
   */
  static void multiplySegments(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      int ldb,
      int segmentLength,
      int segments,
      int segmentStride,
      float[] c,
      int cOffset,
      int ldc,
      boolean accumulate) {
    multiplySegmentsFrom(
        a,
        aOffset,
        b,
        bOffset,
        ldb,
        segmentLength,
        segments,
        segmentStride,
        c,
        cOffset,
        ldc,
        accumulate ? c : ZEROS,
        accumulate ? 1 : 0);
  }

  // multiplySegments, the sums starting from start: C itself with keep 1, ZEROS with keep 0.
  private static void multiplySegmentsFrom(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      int ldb,
      int segmentLength,
      int segments,
      int segmentStride,
      float[] c,
      int cOffset,
      int ldc,
      float[] start,
      int keep) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, start, cOffset * keep);
    FloatVector c01 = FloatVector.fromArray(SPECIES, start, (cOffset + LANES) * keep);
    FloatVector c10 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc) * keep);
    FloatVector c11 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc + LANES) * keep);
    FloatVector c20 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc) * keep);
    FloatVector c21 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc + LANES) * keep);
    FloatVector c30 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc) * keep);
    FloatVector c31 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc + LANES) * keep);
    FloatVector c40 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc) * keep);
    FloatVector c41 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc + LANES) * keep);
    FloatVector c50 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc) * keep);
    FloatVector c51 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc + LANES) * keep);
    FloatVector c60 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc) * keep);
    FloatVector c61 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc + LANES) * keep);
    FloatVector c70 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc) * keep);
    FloatVector c71 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc + LANES) * keep);
    FloatVector c80 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc) * keep);
    FloatVector c81 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc + LANES) * keep);
    FloatVector c90 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc) * keep);
    FloatVector c91 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc + LANES) * keep);
    FloatVector c100 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc) * keep);
    FloatVector c101 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc + LANES) * keep);
    FloatVector c110 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc) * keep);
    FloatVector c111 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc + LANES) * keep);
    for (int s = 0; s < segments; s++) {
      int as = aOffset + s * segmentLength;
      int bs = bOffset + s * segmentStride;
      for (int q = 0; q < segmentLength; q++) {
        int ap = as + q;
        int bp = bs + q * ldb;
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
        FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
        c00 = x.fma(b0, c00);
        c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(SPECIES, a[ap + ROW_STRIDE]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(SPECIES, a[ap + 2 * ROW_STRIDE]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(SPECIES, a[ap + 3 * ROW_STRIDE]);
        c30 = x.fma(b0, c30);
        c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(SPECIES, a[ap + 4 * ROW_STRIDE]);
        c40 = x.fma(b0, c40);
        c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(SPECIES, a[ap + 5 * ROW_STRIDE]);
        c50 = x.fma(b0, c50);
        c51 = x.fma(b1, c51);
        x = FloatVector.broadcast(SPECIES, a[ap + 6 * ROW_STRIDE]);
        c60 = x.fma(b0, c60);
        c61 = x.fma(b1, c61);
        x = FloatVector.broadcast(SPECIES, a[ap + 7 * ROW_STRIDE]);
        c70 = x.fma(b0, c70);
        c71 = x.fma(b1, c71);
        x = FloatVector.broadcast(SPECIES, a[ap + 8 * ROW_STRIDE]);
        c80 = x.fma(b0, c80);
        c81 = x.fma(b1, c81);
        x = FloatVector.broadcast(SPECIES, a[ap + 9 * ROW_STRIDE]);
        c90 = x.fma(b0, c90);
        c91 = x.fma(b1, c91);
        x = FloatVector.broadcast(SPECIES, a[ap + 10 * ROW_STRIDE]);
        c100 = x.fma(b0, c100);
        c101 = x.fma(b1, c101);
        x = FloatVector.broadcast(SPECIES, a[ap + 11 * ROW_STRIDE]);
        c110 = x.fma(b0, c110);
        c111 = x.fma(b1, c111);
      }
    }
    c00.intoArray(c, cOffset);
    c01.intoArray(c, cOffset + LANES);
    c10.intoArray(c, cOffset + ldc);
    c11.intoArray(c, cOffset + ldc + LANES);
    c20.intoArray(c, cOffset + 2 * ldc);
    c21.intoArray(c, cOffset + 2 * ldc + LANES);
    c30.intoArray(c, cOffset + 3 * ldc);
    c31.intoArray(c, cOffset + 3 * ldc + LANES);
    c40.intoArray(c, cOffset + 4 * ldc);
    c41.intoArray(c, cOffset + 4 * ldc + LANES);
    c50.intoArray(c, cOffset + 5 * ldc);
    c51.intoArray(c, cOffset + 5 * ldc + LANES);
    c60.intoArray(c, cOffset + 6 * ldc);
    c61.intoArray(c, cOffset + 6 * ldc + LANES);
    c70.intoArray(c, cOffset + 7 * ldc);
    c71.intoArray(c, cOffset + 7 * ldc + LANES);
    c80.intoArray(c, cOffset + 8 * ldc);
    c81.intoArray(c, cOffset + 8 * ldc + LANES);
    c90.intoArray(c, cOffset + 9 * ldc);
    c91.intoArray(c, cOffset + 9 * ldc + LANES);
    c100.intoArray(c, cOffset + 10 * ldc);
    c101.intoArray(c, cOffset + 10 * ldc + LANES);
    c110.intoArray(c, cOffset + 11 * ldc);
    c111.intoArray(c, cOffset + 11 * ldc + LANES);
  }

  /**
   * {@code c[r, j] (+)= sum over p < kc of a[aOffset + p * ROW_STRIDE + r] * b[bOffset + p * NR +
   * j]}: {@code Aᵀ · B}, {@code A}'s {@value #MR} columns side by side in each of its rows, rows
   * {@link #ROW_STRIDE} apart (Winograd's transformed patches as the forward pass lays them out,
   * or blocks of a matrix's columns copied so), {@code B} in a packed panel. (Both strides are
   * constants: passed as parameters, the JIT multiplied them out and checked both arrays' bounds
   * on every step of the loop; the tutorial's dense_1 weight gradient took 3.4 ms on two threads,
   * 3.1 to 3.2 now.)
   */
  static void multiplyColumns(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      int kc,
      float[] c,
      int cOffset,
      int ldc,
      boolean accumulate) {
    multiplyColumnsFrom(
        a,
        aOffset,
        b,
        bOffset,
        kc,
        c,
        cOffset,
        ldc,
        accumulate ? c : ZEROS,
        accumulate ? 1 : 0);
  }

  // multiplyColumns, the sums starting from start: C itself with keep 1, ZEROS with keep 0.
  private static void multiplyColumnsFrom(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      int kc,
      float[] c,
      int cOffset,
      int ldc,
      float[] start,
      int keep) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, start, cOffset * keep);
    FloatVector c01 = FloatVector.fromArray(SPECIES, start, (cOffset + LANES) * keep);
    FloatVector c10 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc) * keep);
    FloatVector c11 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc + LANES) * keep);
    FloatVector c20 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc) * keep);
    FloatVector c21 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc + LANES) * keep);
    FloatVector c30 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc) * keep);
    FloatVector c31 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc + LANES) * keep);
    FloatVector c40 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc) * keep);
    FloatVector c41 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc + LANES) * keep);
    FloatVector c50 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc) * keep);
    FloatVector c51 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc + LANES) * keep);
    FloatVector c60 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc) * keep);
    FloatVector c61 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc + LANES) * keep);
    FloatVector c70 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc) * keep);
    FloatVector c71 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc + LANES) * keep);
    FloatVector c80 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc) * keep);
    FloatVector c81 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc + LANES) * keep);
    FloatVector c90 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc) * keep);
    FloatVector c91 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc + LANES) * keep);
    FloatVector c100 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc) * keep);
    FloatVector c101 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc + LANES) * keep);
    FloatVector c110 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc) * keep);
    FloatVector c111 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc + LANES) * keep);
    for (int p = 0; p < kc; p++) {
      int ap = aOffset + p * ROW_STRIDE;
      int bp = bOffset + p * NR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(SPECIES, a[ap + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(SPECIES, a[ap + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(SPECIES, a[ap + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(SPECIES, a[ap + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(SPECIES, a[ap + 8]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(SPECIES, a[ap + 9]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(SPECIES, a[ap + 10]);
      c100 = x.fma(b0, c100);
      c101 = x.fma(b1, c101);
      x = FloatVector.broadcast(SPECIES, a[ap + 11]);
      c110 = x.fma(b0, c110);
      c111 = x.fma(b1, c111);
    }
    c00.intoArray(c, cOffset);
    c01.intoArray(c, cOffset + LANES);
    c10.intoArray(c, cOffset + ldc);
    c11.intoArray(c, cOffset + ldc + LANES);
    c20.intoArray(c, cOffset + 2 * ldc);
    c21.intoArray(c, cOffset + 2 * ldc + LANES);
    c30.intoArray(c, cOffset + 3 * ldc);
    c31.intoArray(c, cOffset + 3 * ldc + LANES);
    c40.intoArray(c, cOffset + 4 * ldc);
    c41.intoArray(c, cOffset + 4 * ldc + LANES);
    c50.intoArray(c, cOffset + 5 * ldc);
    c51.intoArray(c, cOffset + 5 * ldc + LANES);
    c60.intoArray(c, cOffset + 6 * ldc);
    c61.intoArray(c, cOffset + 6 * ldc + LANES);
    c70.intoArray(c, cOffset + 7 * ldc);
    c71.intoArray(c, cOffset + 7 * ldc + LANES);
    c80.intoArray(c, cOffset + 8 * ldc);
    c81.intoArray(c, cOffset + 8 * ldc + LANES);
    c90.intoArray(c, cOffset + 9 * ldc);
    c91.intoArray(c, cOffset + 9 * ldc + LANES);
    c100.intoArray(c, cOffset + 10 * ldc);
    c101.intoArray(c, cOffset + 10 * ldc + LANES);
    c110.intoArray(c, cOffset + 11 * ldc);
    c111.intoArray(c, cOffset + 11 * ldc + LANES);
  }

  /**
   * {@code c[r, j] (+)= sum over s < segments, p < segLength of a[rowOffsets[r] + s * segStride +
   * p] * b[bOffset + (s * segLength + p) * NR + j]}: the full block at {@code c[cOffset + r * ldc +
   * j]}, with {@code A} read in place as {@value #MR} rows at arbitrary offsets (im2col rows inside
   * a padded image, or a matrix's rows), each made of equal segments a fixed stride apart.
   */
  static void multiplyRows(
      float[] a,
      int[] rowOffsets,
      int segments,
      int segLength,
      int segStride,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int ldc,
      boolean accumulate) {
    multiplyRowsFrom(
        a,
        rowOffsets,
        segments,
        segLength,
        segStride,
        b,
        bOffset,
        c,
        cOffset,
        ldc,
        accumulate ? c : ZEROS,
        accumulate ? 1 : 0);
  }

  // multiplyRows, the sums starting from start: C itself with keep 1, ZEROS with keep 0.
  private static void multiplyRowsFrom(
      float[] a,
      int[] rowOffsets,
      int segments,
      int segLength,
      int segStride,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int ldc,
      float[] start,
      int keep) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, start, cOffset * keep);
    FloatVector c01 = FloatVector.fromArray(SPECIES, start, (cOffset + LANES) * keep);
    FloatVector c10 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc) * keep);
    FloatVector c11 = FloatVector.fromArray(SPECIES, start, (cOffset + ldc + LANES) * keep);
    FloatVector c20 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc) * keep);
    FloatVector c21 = FloatVector.fromArray(SPECIES, start, (cOffset + 2 * ldc + LANES) * keep);
    FloatVector c30 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc) * keep);
    FloatVector c31 = FloatVector.fromArray(SPECIES, start, (cOffset + 3 * ldc + LANES) * keep);
    FloatVector c40 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc) * keep);
    FloatVector c41 = FloatVector.fromArray(SPECIES, start, (cOffset + 4 * ldc + LANES) * keep);
    FloatVector c50 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc) * keep);
    FloatVector c51 = FloatVector.fromArray(SPECIES, start, (cOffset + 5 * ldc + LANES) * keep);
    FloatVector c60 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc) * keep);
    FloatVector c61 = FloatVector.fromArray(SPECIES, start, (cOffset + 6 * ldc + LANES) * keep);
    FloatVector c70 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc) * keep);
    FloatVector c71 = FloatVector.fromArray(SPECIES, start, (cOffset + 7 * ldc + LANES) * keep);
    FloatVector c80 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc) * keep);
    FloatVector c81 = FloatVector.fromArray(SPECIES, start, (cOffset + 8 * ldc + LANES) * keep);
    FloatVector c90 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc) * keep);
    FloatVector c91 = FloatVector.fromArray(SPECIES, start, (cOffset + 9 * ldc + LANES) * keep);
    FloatVector c100 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc) * keep);
    FloatVector c101 = FloatVector.fromArray(SPECIES, start, (cOffset + 10 * ldc + LANES) * keep);
    FloatVector c110 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc) * keep);
    FloatVector c111 = FloatVector.fromArray(SPECIES, start, (cOffset + 11 * ldc + LANES) * keep);
    for (int s = 0; s < segments; s++) {
      int shift = s * segStride;
      int a0 = rowOffsets[0] + shift;
      int a1 = rowOffsets[1] + shift;
      int a2 = rowOffsets[2] + shift;
      int a3 = rowOffsets[3] + shift;
      int a4 = rowOffsets[4] + shift;
      int a5 = rowOffsets[5] + shift;
      int a6 = rowOffsets[6] + shift;
      int a7 = rowOffsets[7] + shift;
      int a8 = rowOffsets[8] + shift;
      int a9 = rowOffsets[9] + shift;
      int a10 = rowOffsets[10] + shift;
      int a11 = rowOffsets[11] + shift;
      int bs = bOffset + s * segLength * NR;
      for (int p = 0; p < segLength; p++) {
        int bp = bs + p * NR;
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
        FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
        c00 = x.fma(b0, c00);
        c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(SPECIES, a[a1 + p]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(SPECIES, a[a2 + p]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(SPECIES, a[a3 + p]);
        c30 = x.fma(b0, c30);
        c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(SPECIES, a[a4 + p]);
        c40 = x.fma(b0, c40);
        c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(SPECIES, a[a5 + p]);
        c50 = x.fma(b0, c50);
        c51 = x.fma(b1, c51);
        x = FloatVector.broadcast(SPECIES, a[a6 + p]);
        c60 = x.fma(b0, c60);
        c61 = x.fma(b1, c61);
        x = FloatVector.broadcast(SPECIES, a[a7 + p]);
        c70 = x.fma(b0, c70);
        c71 = x.fma(b1, c71);
        x = FloatVector.broadcast(SPECIES, a[a8 + p]);
        c80 = x.fma(b0, c80);
        c81 = x.fma(b1, c81);
        x = FloatVector.broadcast(SPECIES, a[a9 + p]);
        c90 = x.fma(b0, c90);
        c91 = x.fma(b1, c91);
        x = FloatVector.broadcast(SPECIES, a[a10 + p]);
        c100 = x.fma(b0, c100);
        c101 = x.fma(b1, c101);
        x = FloatVector.broadcast(SPECIES, a[a11 + p]);
        c110 = x.fma(b0, c110);
        c111 = x.fma(b1, c111);
      }
    }
    c00.intoArray(c, cOffset);
    c01.intoArray(c, cOffset + LANES);
    c10.intoArray(c, cOffset + ldc);
    c11.intoArray(c, cOffset + ldc + LANES);
    c20.intoArray(c, cOffset + 2 * ldc);
    c21.intoArray(c, cOffset + 2 * ldc + LANES);
    c30.intoArray(c, cOffset + 3 * ldc);
    c31.intoArray(c, cOffset + 3 * ldc + LANES);
    c40.intoArray(c, cOffset + 4 * ldc);
    c41.intoArray(c, cOffset + 4 * ldc + LANES);
    c50.intoArray(c, cOffset + 5 * ldc);
    c51.intoArray(c, cOffset + 5 * ldc + LANES);
    c60.intoArray(c, cOffset + 6 * ldc);
    c61.intoArray(c, cOffset + 6 * ldc + LANES);
    c70.intoArray(c, cOffset + 7 * ldc);
    c71.intoArray(c, cOffset + 7 * ldc + LANES);
    c80.intoArray(c, cOffset + 8 * ldc);
    c81.intoArray(c, cOffset + 8 * ldc + LANES);
    c90.intoArray(c, cOffset + 9 * ldc);
    c91.intoArray(c, cOffset + 9 * ldc + LANES);
    c100.intoArray(c, cOffset + 10 * ldc);
    c101.intoArray(c, cOffset + 10 * ldc + LANES);
    c110.intoArray(c, cOffset + 11 * ldc);
    c111.intoArray(c, cOffset + 11 * ldc + LANES);
  }
}
