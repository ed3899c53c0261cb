package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.convnet4j.kernels.vector.VectorKernels;

/** Shared by the fast-versus-reference tests: the two kernel sets, random data, a tolerance. */
public final class Fixtures {

  static final Kernels REFERENCE = new ReferenceKernels();
  static final Kernels FAST = new VectorKernels();

  private Fixtures() {}

  /** {@code size} uniform values in {@code [-1, 1)}, the same for the same seed. */
  public static float[] random(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }

  /**
   * Float sums of {@code terms} products of values in {@code [-1, 1]} may drift from the double
   * reference by a few ulps per term: {@code |actual - expected| <= 1e-6 * terms + 1e-4 *
   * |expected|}, element by element.
   */
  public static void assertClose(float[] expected, float[] actual, int terms, String what) {
    assertThat(actual).as(what + ": length").hasSameSizeAs(expected);
    double absolute = 1e-6 * Math.max(terms, 1) + 1e-6;
    for (int i = 0; i < expected.length; i++) {
      double tolerance = absolute + 1e-4 * Math.abs(expected[i]);
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], within(tolerance));
    }
  }

  /**
   * Runs {@code compute} twice on 2 threads of the kernels' pool, then on 1, and checks that every
   * run gives the bits of the first: work cut by the thread count must not change the sums, nor
   * may a second run.
   */
  public static void assertSameBitsOnAnyThreadCount(Supplier<float[]> compute) {
    Parallelism.setThreads(2);
    float[] first = compute.get();
    assertThat(compute.get()).as("second run, 2 threads").isEqualTo(first);
    Parallelism.setThreads(1);
    assertThat(compute.get()).as("1 thread").isEqualTo(first);
  }
}
