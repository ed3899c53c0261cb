package org.convnet4j.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small MNIST-shaped data set in IDX files, for tests that must not fetch MNIST: 28x28 grey
 * images whose class {@code c} is a bright bar across row {@code 2c + 4}, over noise. The loader
 * sets the first 5,000 training images aside for validation, so the training file holds 5,000
 * more than the training split.
 */
final class SyntheticIdx {

  private SyntheticIdx() {}

  /** Writes the four files into {@code dir}: {@code train} training images, {@code test} test. */
  static Path write(Path dir, int train, int test, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    write(dir, "train", 5000 + train, random);
    write(dir, "t10k", test, random);
    return dir;
  }

  private static void write(Path dir, String prefix, int n, SplittableRandom random)
      throws IOException {
    int[] labels = new int[n];
    try (DataOutputStream images = open(dir.resolve(prefix + "-images-idx3-ubyte"))) {
      images.writeInt(0x00000803);
      images.writeInt(n);
      images.writeInt(28);
      images.writeInt(28);
      byte[] pixels = new byte[28 * 28];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(10);
        for (int p = 0; p < pixels.length; p++) {
          int row = p / 28;
          int bar = row == 2 * labels[i] + 4 ? 200 : 0;
          pixels[p] = (byte) Math.min(255, bar + random.nextInt(60));
        }
        images.write(pixels);
      }
    }
    try (DataOutputStream out = open(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
      out.writeInt(0x00000801);
      out.writeInt(n);
      for (int label : labels) {
        out.writeByte(label);
      }
    }
  }

  private static DataOutputStream open(Path file) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return new DataOutputStream(new java.io.BufferedOutputStream(out));
  }
}
