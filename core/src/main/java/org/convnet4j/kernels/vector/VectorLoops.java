package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Element-wise loops over runs of floats, vectorized with a scalar tail. */
final class VectorLoops {

  private VectorLoops() {}

  /** {@code dst[dstOffset + i] += src[srcOffset + i]} for {@code i < length}. */
  static void addInto(float[] src, int srcOffset, float[] dst, int dstOffset, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, dst, dstOffset + i)
          .add(FloatVector.fromArray(SPECIES, src, srcOffset + i))
          .intoArray(dst, dstOffset + i);
    }
    for (; i < length; i++) {
      dst[dstOffset + i] += src[srcOffset + i];
    }
  }

  /**
   * {@code System.arraycopy} for the short runs packing copies, which it would spend more time
   * setting up than copying. A run of at least a vector ends with a whole vector that overlaps the
   * one before, rather than with up to fifteen scalar copies.
   */
  static void copy(float[] src, int srcOffset, float[] dst, int dstOffset, int length) {
    int lanes = SPECIES.length();
    if (length < lanes) {
      for (int i = 0; i < length; i++) {
        dst[dstOffset + i] = src[srcOffset + i];
      }
      return;
    }
    for (int i = 0; i < length - lanes; i += lanes) {
      FloatVector.fromArray(SPECIES, src, srcOffset + i).intoArray(dst, dstOffset + i);
    }
    int last = length - lanes;
    FloatVector.fromArray(SPECIES, src, srcOffset + last).intoArray(dst, dstOffset + last);
  }

  /** {@code dst[dstOffset + i] += x * src[srcOffset + i]} for {@code i < length}. */
  static void axpy(float x, float[] src, int srcOffset, float[] dst, int dstOffset, int length) {
    FloatVector scale = FloatVector.broadcast(SPECIES, x);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, src, srcOffset + i)
          .fma(scale, FloatVector.fromArray(SPECIES, dst, dstOffset + i))
          .intoArray(dst, dstOffset + i);
    }
    for (; i < length; i++) {
      dst[dstOffset + i] += x * src[srcOffset + i];
    }
  }

  /**
   * {@code Kernels.adamUpdate} over the whole vectors of {@code [from, to)}, with the same
   * operations in the same order, so the same bits; returns where it stopped, for the caller to
   * finish the last few elements.
   */
  static int adamUpdate(float[] value, float[] gradient, float[] m, float[] v, int from, int to,
      float keep1, float take1, float keep2, float take2, float stepSize, float epsilon) {
    int i = from;
    for (; i <= to - SPECIES.length(); i += SPECIES.length()) {
      FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
      FloatVector mi = FloatVector.fromArray(SPECIES, m, i).mul(keep1).add(g.mul(take1));
      FloatVector vi = FloatVector.fromArray(SPECIES, v, i).mul(keep2).add(g.mul(take2).mul(g));
      mi = mi.blend(0f, mi.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
      vi = vi.blend(0f, vi.compare(VectorOperators.LT, Float.MIN_NORMAL));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector.fromArray(SPECIES, value, i)
          .sub(mi.mul(stepSize).div(vi.sqrt().add(epsilon)))
          .intoArray(value, i);
    }
    return i;
  }

  /** {@code Kernels.momentumUpdate} over whole vectors, as {@link #adamUpdate} does Adam's. */
  static int momentumUpdate(float[] value, float[] gradient, float[] accumulator, int from,
      int to, float keep, float learningRate) {
    int i = from;
    for (; i <= to - SPECIES.length(); i += SPECIES.length()) {
      FloatVector a = FloatVector.fromArray(SPECIES, accumulator, i)
          .mul(keep)
          .add(FloatVector.fromArray(SPECIES, gradient, i));
      a = a.blend(0f, a.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
      a.intoArray(accumulator, i);
      FloatVector.fromArray(SPECIES, value, i).sub(a.mul(learningRate)).intoArray(value, i);
    }
    return i;
  }

  /**
   * {@code dst[dstOffset + i] = src[base + starts[i]]} for {@code i < count} and zero for {@code
   * count <= i < NR}: one column of a packed panel, gathered from {@code count} rows at once. {@code
   * starts} must hold {@link MicroKernel#NR} ints, every one a valid index from {@code base}: the
   * Vector API range-checks masked-off lanes too.
   */
  static void gatherColumn(
      float[] src, int base, int[] starts, int count, float[] dst, int dstOffset) {
    int lanes = SPECIES.length();
    FloatVector.fromArray(SPECIES, src, base, starts, 0, SPECIES.indexInRange(0, count))
        .intoArray(dst, dstOffset);
    FloatVector.fromArray(SPECIES, src, base, starts, lanes, SPECIES.indexInRange(lanes, count))
        .intoArray(dst, dstOffset + lanes);
  }
}
