package org.convnet4j.kernels;

/**
 * Which elements a seeded dropout keeps, as a function of the seed and the element's index alone
 * (a counter-based generator, as Philox is for TensorFlow's stateless random ops): element {@code
 * i} is kept when {@code draw(i) < keepProb}, with {@code draw(i)} uniform on the multiples of
 * {@code 2^-24} in {@code [0, 1)}. No state passes from one element to the next, so the elements
 * can be drawn in any order, on any number of threads, and drawn again for the gradient instead of
 * being stored. The kernels' {@code dropout} uses it; a vector kernel computes the same integers
 * lane by lane.
 *
 * <p>The draw is the top 24 bits of {@code mix(mix(i ^ key0) ^ key1)}, where {@code mix} is Chris
 * Wellons' {@code lowbias32} integer hash (a bijection of 32-bit integers with low bias) and the
 * two keys are the halves of the seed after SplitMix64's finalizer, so nearby seeds give unrelated
 * masks.
 */
public final class DropoutMask {

  private DropoutMask() {}

  /** The first key of {@code seed}: the low half of its SplitMix64 finalizer. */
  public static int key0(long seed) {
    return (int) finalizer(seed);
  }

  /** The second key of {@code seed}: the high half of its SplitMix64 finalizer. */
  public static int key1(long seed) {
    return (int) (finalizer(seed) >>> 32);
  }

  /** {@code draw(i)} times {@code 2^24}: an integer in {@code [0, 2^24)}. */
  public static int draw(int key0, int key1, int i) {
    return mix(mix(i ^ key0) ^ key1) >>> 8;
  }

  /** Whether element {@code i} is kept: {@code draw(i) < keepProb}, compared in float, exactly. */
  public static boolean keeps(int key0, int key1, int i, float keepProb) {
    return draw(key0, key1, i) < keepProb * 0x1p24f;
  }

  /** {@code lowbias32}: xor-shift, multiply, xor-shift, multiply, xor-shift. */
  public static int mix(int x) {
    x ^= x >>> 16;
    x *= 0x7feb352d;
    x ^= x >>> 15;
    x *= 0x846ca68b;
    x ^= x >>> 16;
    return x;
  }

  private static long finalizer(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
