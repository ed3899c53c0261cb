package org.convnet4j.cli;

import java.util.Arrays;

/**
 * Times a piece of work: untimed warm-up runs until the JIT has had its time (compiled Vector API
 * code is orders of magnitude faster than interpreted), then the median of timed runs.
 */
final class Stopwatch {

  private Stopwatch() {}

  /**
   * The median wall time of {@code runs} calls of {@code work}, in milliseconds, after calling it
   * for at least {@code warmupMillis} (and at least once) untimed.
   */
  static double medianMillis(long warmupMillis, int runs, Runnable work) {
    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    do {
      work.run();
    } while (System.nanoTime() < warmupEnd);
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return median(millis);
  }

  /** The median of {@code values}, which it sorts. */
  static double median(double[] values) {
    Arrays.sort(values);
    int half = values.length / 2;
    return values.length % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
  }
}
