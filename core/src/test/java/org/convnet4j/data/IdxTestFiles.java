package org.convnet4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, raw or gzipped. */
final class IdxTestFiles {

  private IdxTestFiles() {}

  /**
   * The bytes of an image file of {@code count} images whose pixel {@code p} of image {@code i} is
   * {@link #pixel(int, int)}.
   */
  static byte[] images(int count, int rows, int cols) {
    return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels(count, rows * cols));
  }

  /** The bytes of a label file. */
  static byte[] labels(int... labels) {
    byte[] body = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      body[i] = (byte) labels[i];
    }
    return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, body);
  }

  /** Labels {@code i % numClasses} for {@code i = 0 .. count - 1}. */
  static int[] cyclicLabels(int count, int numClasses) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % numClasses;
    }
    return labels;
  }

  /** The value the test files give pixel {@code p} of image {@code i}: distinct for a while. */
  static int pixel(int image, int p) {
    return (image * 7 + p) % 256;
  }

  /** An IDX file: magic, one size per dimension, then the body. */
  static byte[] idx(int magic, int[] sizes, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int size : sizes) {
        out.writeInt(size);
      }
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    return Files.write(file, content);
  }

  /**
   * Writes the four files of a data set under their standard names: {@code trainCount} training and
   * {@code testCount} test images of {@code rows x cols}, cyclic labels over 10 classes.
   */
  static void writeDataSet(Path dir, int trainCount, int testCount, int rows, int cols)
      throws IOException {
    write(dir.resolve("train-images-idx3-ubyte"), images(trainCount, rows, cols));
    write(dir.resolve("train-labels-idx1-ubyte"), labels(cyclicLabels(trainCount, 10)));
    write(dir.resolve("t10k-images-idx3-ubyte"), images(testCount, rows, cols));
    write(dir.resolve("t10k-labels-idx1-ubyte"), labels(cyclicLabels(testCount, 10)));
  }

  private static byte[] pixels(int count, int pixelsPerImage) {
    byte[] body = new byte[count * pixelsPerImage];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < pixelsPerImage; p++) {
        body[i * pixelsPerImage + p] = (byte) pixel(i, p);
      }
    }
    return body;
  }
}
