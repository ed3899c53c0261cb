package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 block of floats transposed in registers, for packing a row-major matrix into column
 * panels where vectors hold 16 floats (AVX-512): 16 loads, 64 two-vector permutations and 16
 * stores, where gathering the block's columns took 16 gathers of 16 scattered floats each.
 *
 * <p>Transposing swaps each element's row and column index, and so each of their four bits: stage
 * {@code d} (8, 4, 2, 1) swaps one bit, by trading the upper-right and lower-left {@code d x d}
 * quarters of every {@code 2d x 2d} block. Row {@code i} (bit {@code d} clear) then takes its own
 * lanes where bit {@code d} of the lane is clear and row {@code i + d}'s lanes {@code d} to the
 * left elsewhere; row {@code i + d} the rest.
 */
final class Transpose16 {

  private static final VectorSpecies<Float> SPECIES = MicroKernel.SPECIES;

  /** Rows and columns of the block {@link #transpose} moves. */
  static final int SIZE = 16;

  /** Whether vectors here hold {@value #SIZE} floats, the only width {@link #transpose} serves. */
  static final boolean APPLIES = SPECIES.length() == SIZE;

  // For each stage d, the lanes row i and row i + d end with, as two-vector permutation indexes:
  // 0 to 15 name lanes of row i, 16 to 31 lanes of row i + d. Fields, not an array: the JIT takes a
  // final field's vector as a constant, and an array's element as one more to check and convert
  // (the input gradient of dense1 gained 4 % over gathers that way, 14 % this way).
  private static final FloatVector LOW8 = indexes(8, false);
  private static final FloatVector HIGH8 = indexes(8, true);
  private static final FloatVector LOW4 = indexes(4, false);
  private static final FloatVector HIGH4 = indexes(4, true);
  private static final FloatVector LOW2 = indexes(2, false);
  private static final FloatVector HIGH2 = indexes(2, true);
  private static final FloatVector LOW1 = indexes(1, false);
  private static final FloatVector HIGH1 = indexes(1, true);

  private Transpose16() {}

  private static FloatVector indexes(int d, boolean high) {
    if (!APPLIES) {
      return null;
    }
    float[] lanes = new float[16];
    for (int lane = 0; lane < 16; lane++) {
      boolean clear = (lane & d) == 0;
      lanes[lane] = high ? (clear ? lane + d : 16 + lane) : (clear ? lane : 16 + lane - d);
    }
    return FloatVector.fromArray(SPECIES, lanes, 0);
  }

  /**
   * {@code dst[dstOffset + q * dstStride + r] = src[srcOffset + r * srcStride + q]} for {@code r, q
   * < 16}. Only when {@link #APPLIES}.
   */
  static void transpose(
      float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
    FloatVector r0 = FloatVector.fromArray(SPECIES, src, srcOffset);
    FloatVector r1 = FloatVector.fromArray(SPECIES, src, srcOffset + srcStride);
    FloatVector r2 = FloatVector.fromArray(SPECIES, src, srcOffset + 2 * srcStride);
    FloatVector r3 = FloatVector.fromArray(SPECIES, src, srcOffset + 3 * srcStride);
    FloatVector r4 = FloatVector.fromArray(SPECIES, src, srcOffset + 4 * srcStride);
    FloatVector r5 = FloatVector.fromArray(SPECIES, src, srcOffset + 5 * srcStride);
    FloatVector r6 = FloatVector.fromArray(SPECIES, src, srcOffset + 6 * srcStride);
    FloatVector r7 = FloatVector.fromArray(SPECIES, src, srcOffset + 7 * srcStride);
    FloatVector r8 = FloatVector.fromArray(SPECIES, src, srcOffset + 8 * srcStride);
    FloatVector r9 = FloatVector.fromArray(SPECIES, src, srcOffset + 9 * srcStride);
    FloatVector r10 = FloatVector.fromArray(SPECIES, src, srcOffset + 10 * srcStride);
    FloatVector r11 = FloatVector.fromArray(SPECIES, src, srcOffset + 11 * srcStride);
    FloatVector r12 = FloatVector.fromArray(SPECIES, src, srcOffset + 12 * srcStride);
    FloatVector r13 = FloatVector.fromArray(SPECIES, src, srcOffset + 13 * srcStride);
    FloatVector r14 = FloatVector.fromArray(SPECIES, src, srcOffset + 14 * srcStride);
    FloatVector r15 = FloatVector.fromArray(SPECIES, src, srcOffset + 15 * srcStride);
    // Stage d = 8: rows i and i + 8.
    FloatVector low = LOW8;
    FloatVector high = HIGH8;
    FloatVector s0 = low.selectFrom(r0, r8);
    FloatVector s8 = high.selectFrom(r0, r8);
    FloatVector s1 = low.selectFrom(r1, r9);
    FloatVector s9 = high.selectFrom(r1, r9);
    FloatVector s2 = low.selectFrom(r2, r10);
    FloatVector s10 = high.selectFrom(r2, r10);
    FloatVector s3 = low.selectFrom(r3, r11);
    FloatVector s11 = high.selectFrom(r3, r11);
    FloatVector s4 = low.selectFrom(r4, r12);
    FloatVector s12 = high.selectFrom(r4, r12);
    FloatVector s5 = low.selectFrom(r5, r13);
    FloatVector s13 = high.selectFrom(r5, r13);
    FloatVector s6 = low.selectFrom(r6, r14);
    FloatVector s14 = high.selectFrom(r6, r14);
    FloatVector s7 = low.selectFrom(r7, r15);
    FloatVector s15 = high.selectFrom(r7, r15);
    // Stage d = 4: rows i and i + 4.
    low = LOW4;
    high = HIGH4;
    r0 = low.selectFrom(s0, s4);
    r4 = high.selectFrom(s0, s4);
    r1 = low.selectFrom(s1, s5);
    r5 = high.selectFrom(s1, s5);
    r2 = low.selectFrom(s2, s6);
    r6 = high.selectFrom(s2, s6);
    r3 = low.selectFrom(s3, s7);
    r7 = high.selectFrom(s3, s7);
    r8 = low.selectFrom(s8, s12);
    r12 = high.selectFrom(s8, s12);
    r9 = low.selectFrom(s9, s13);
    r13 = high.selectFrom(s9, s13);
    r10 = low.selectFrom(s10, s14);
    r14 = high.selectFrom(s10, s14);
    r11 = low.selectFrom(s11, s15);
    r15 = high.selectFrom(s11, s15);
    // Stage d = 2: rows i and i + 2.
    low = LOW2;
    high = HIGH2;
    s0 = low.selectFrom(r0, r2);
    s2 = high.selectFrom(r0, r2);
    s1 = low.selectFrom(r1, r3);
    s3 = high.selectFrom(r1, r3);
    s4 = low.selectFrom(r4, r6);
    s6 = high.selectFrom(r4, r6);
    s5 = low.selectFrom(r5, r7);
    s7 = high.selectFrom(r5, r7);
    s8 = low.selectFrom(r8, r10);
    s10 = high.selectFrom(r8, r10);
    s9 = low.selectFrom(r9, r11);
    s11 = high.selectFrom(r9, r11);
    s12 = low.selectFrom(r12, r14);
    s14 = high.selectFrom(r12, r14);
    s13 = low.selectFrom(r13, r15);
    s15 = high.selectFrom(r13, r15);
    // Stage d = 1: rows i and i + 1, stored as they come.
    low = LOW1;
    high = HIGH1;
    low.selectFrom(s0, s1).intoArray(dst, dstOffset);
    high.selectFrom(s0, s1).intoArray(dst, dstOffset + dstStride);
    low.selectFrom(s2, s3).intoArray(dst, dstOffset + 2 * dstStride);
    high.selectFrom(s2, s3).intoArray(dst, dstOffset + 3 * dstStride);
    low.selectFrom(s4, s5).intoArray(dst, dstOffset + 4 * dstStride);
    high.selectFrom(s4, s5).intoArray(dst, dstOffset + 5 * dstStride);
    low.selectFrom(s6, s7).intoArray(dst, dstOffset + 6 * dstStride);
    high.selectFrom(s6, s7).intoArray(dst, dstOffset + 7 * dstStride);
    low.selectFrom(s8, s9).intoArray(dst, dstOffset + 8 * dstStride);
    high.selectFrom(s8, s9).intoArray(dst, dstOffset + 9 * dstStride);
    low.selectFrom(s10, s11).intoArray(dst, dstOffset + 10 * dstStride);
    high.selectFrom(s10, s11).intoArray(dst, dstOffset + 11 * dstStride);
    low.selectFrom(s12, s13).intoArray(dst, dstOffset + 12 * dstStride);
    high.selectFrom(s12, s13).intoArray(dst, dstOffset + 13 * dstStride);
    low.selectFrom(s14, s15).intoArray(dst, dstOffset + 14 * dstStride);
    high.selectFrom(s14, s15).intoArray(dst, dstOffset + 15 * dstStride);
  }
}
