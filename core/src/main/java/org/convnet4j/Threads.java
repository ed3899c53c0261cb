package org.convnet4j;

import org.convnet4j.kernels.Parallelism;

/**
 * How many threads convnet4j computes on. The default is every available core, or the value of the
 * {@code convnet4j.threads} system property when set. Results do not depend on it: the fast kernels
 * split work into fixed pieces summed in a fixed order, so one thread and eight give the same bits.
 */
public final class Threads {

  private Threads() {}

  /** The number of threads kernels run on. */
  public static int get() {
    return Parallelism.threads();
  }

  /**
   * Sets the number of threads kernels run on from now on.
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static void set(int threads) {
    Parallelism.setThreads(threads);
  }
}
