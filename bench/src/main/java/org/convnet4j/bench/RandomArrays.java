package org.convnet4j.bench;

import java.util.SplittableRandom;

/** Benchmark inputs: seeded, so every run times the same numbers. */
final class RandomArrays {

  private RandomArrays() {}

  /** {@code size} values uniform in {@code [-1, 1)}. */
  static float[] uniform(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
