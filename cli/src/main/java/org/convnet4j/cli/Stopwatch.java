package org.convnet4j.cli;

import java.util.Arrays;

/** Times a piece of work: a few untimed warm-up runs for the JIT, then the median of timed ones. */
final class Stopwatch {

  private Stopwatch() {}

  /** The median wall time of {@code runs} calls of {@code work}, in milliseconds. */
  static double medianMillis(int warmups, int runs, Runnable work) {
    for (int i = 0; i < warmups; i++) {
      work.run();
    }
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return runs % 2 == 1 ? millis[runs / 2] : (millis[runs / 2 - 1] + millis[runs / 2]) / 2;
  }
}
