package org.convnet4j.train;

import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Dropout;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;

/**
 * A synthetic task a small CNN learns in seconds: 8x8 grey images holding one bright bar,
 * horizontal, vertical or diagonal, at a random place, on noise. The class is the orientation.
 */
final class BarImages {

  static final int SIZE = 8;
  static final List<String> CLASSES = List.of("horizontal", "vertical", "diagonal");

  private BarImages() {}

  /** Train 480, validation 96, test 96 images, all from {@code seed}. */
  static DataSets dataSets(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new DataSets(split(480, random), split(96, random), split(96, random), CLASSES);
  }

  /** {@code n} images; image {@code i} has class {@code i % 3}. */
  static DataSplit split(int n, SplittableRandom random) {
    float[] pixels = new float[n * SIZE * SIZE];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      int offset = i * SIZE * SIZE;
      for (int p = 0; p < SIZE * SIZE; p++) {
        pixels[offset + p] = (float) (0.3 * random.nextDouble());
      }
      int at = random.nextInt(SIZE);
      for (int k = 0; k < SIZE; k++) {
        int row =
            switch (labels[i]) {
              case 0 -> at;
              case 1 -> k;
              default -> k;
            };
        int col =
            switch (labels[i]) {
              case 0 -> k;
              case 1 -> at;
              default -> (k + at) % SIZE;
            };
        pixels[offset + row * SIZE + col] = 1f;
      }
    }
    return DataSplit.of(Tensor.of(pixels, n, SIZE, SIZE, 1), labels, 3);
  }

  /** A small CNN for the task: conv, pool, dense, dropout, dense. */
  static Sequential model(long seed) {
    return new Sequential(
        new int[] {SIZE, SIZE, 1},
        seed,
        new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(16, Activation.RELU),
        new Dropout(0.9f),
        new Dense(3));
  }
}
