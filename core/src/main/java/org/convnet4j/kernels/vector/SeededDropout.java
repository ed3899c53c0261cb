package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.convnet4j.kernels.DropoutMask;
import org.convnet4j.kernels.Parallelism;

/**
 * Seeded dropout with {@link DropoutMask}'s mask, hashed a vector of indices at a time (integer
 * arithmetic, so the same bits as {@code ReferenceKernels.dropout}), in fixed chunks on the pool.
 */
final class SeededDropout {

  private static final VectorSpecies<Float> FLOATS = MicroKernel.SPECIES;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final int LANES = FLOATS.length();

  // Int lanes of another count than float lanes (no such machine here): the scalar loop.
  static final boolean VECTORS = INTS.length() == LANES;

  // Elements per task: little overhead per task, enough tasks to split a layer's activations.
  private static final int CHUNK = 1 << 15;

  private SeededDropout() {}

  /** {@code out[i] = keeps(i) ? x[i] / keepProb : 0} for {@code i < size}. */
  static void apply(float[] x, float keepProb, long seed, float[] out, int size) {
    int key0 = DropoutMask.key0(seed);
    int key1 = DropoutMask.key1(seed);
    float scale = 1f / keepProb;
    Parallelism.forEach(
        Math.ceilDiv(size, CHUNK),
        t -> chunk(key0, key1, x, keepProb, scale, out, t * CHUNK,
            Math.min(size, (t + 1) * CHUNK), VECTORS));
  }

  // Elements [from, to); vectors only where VECTORS.
  static void chunk(int key0, int key1, float[] x, float keepProb, float scale,
      float[] out, int from, int to, boolean vectors) {
    int i = from;
    if (vectors) {
      IntVector lanes = IntVector.zero(INTS).addIndex(1);
      FloatVector threshold = FloatVector.broadcast(FLOATS, keepProb * 0x1p24f);
      FloatVector zero = FloatVector.zero(FLOATS);
      for (; i <= to - LANES; i += LANES) {
        IntVector h = mix(lanes.add(i).lanewise(VectorOperators.XOR, key0));
        h = mix(h.lanewise(VectorOperators.XOR, key1)).lanewise(VectorOperators.LSHR, 8);
        FloatVector draw = (FloatVector) h.convert(VectorOperators.I2F, 0);
        zero.blend(FloatVector.fromArray(FLOATS, x, i).mul(scale),
                draw.compare(VectorOperators.LT, threshold))
            .intoArray(out, i);
      }
    }
    for (; i < to; i++) {
      out[i] = DropoutMask.keeps(key0, key1, i, keepProb) ? x[i] * scale : 0f;
    }
  }

  // DropoutMask.mix, lane by lane.
  private static IntVector mix(IntVector x) {
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
    return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
  }
}
