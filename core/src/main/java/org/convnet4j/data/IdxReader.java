package org.convnet4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST ship in: a big-endian header (magic number, then one
 * 32-bit size per dimension) followed by unsigned bytes. Images have magic 2051 and three
 * dimensions (count, rows, columns); labels have magic 2049 and one (count). A file may be raw or
 * gzipped; which one is told by its first two bytes ({@code 1f 8b}), not by its name.
 *
 * <p>Every check names the file: wrong magic, sizes that do not fit, a file shorter or longer than
 * its header says, corrupt gzip data, labels outside the class range.
 */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes in three dimensions. */
  public static final int IMAGES_MAGIC = 2051;

  /** Magic number of an IDX file of unsigned bytes in one dimension. */
  public static final int LABELS_MAGIC = 2049;

  private static final int GZIP_MAGIC_FIRST = 0x1f;
  private static final int GZIP_MAGIC_SECOND = 0x8b;

  private IdxReader() {}

  /**
   * Reads an image file.
   *
   * @throws IOException naming the file if it cannot be read or is not a well-formed IDX image file
   */
  public static IdxImages readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      readMagic(in, file, IMAGES_MAGIC, "images");
      int count = readSize(in, file, "image count");
      int rows = readSize(in, file, "row count");
      int cols = readSize(in, file, "column count");
      long length = (long) count * rows * cols;
      if (length > Integer.MAX_VALUE - 8) {
        throw new IOException(
            "%s: header declares %d images of %dx%d, too many to hold in one array"
                .formatted(file, count, rows, cols));
      }
      String declared = "%d images of %dx%d".formatted(count, rows, cols);
      byte[] pixels = readBody(in, file, (int) length, declared);
      return new IdxImages(count, rows, cols, pixels);
    }
  }

  /**
   * Reads a label file whose labels must lie in {@code [0, numClasses)}.
   *
   * @throws IOException naming the file if it cannot be read, is not a well-formed IDX label file,
   *     or holds a label outside the range
   */
  public static int[] readLabels(Path file, int numClasses) throws IOException {
    byte[] raw;
    try (DataInputStream in = open(file)) {
      readMagic(in, file, LABELS_MAGIC, "labels");
      int count = readSize(in, file, "label count");
      raw = readBody(in, file, count, "%d labels".formatted(count));
    }
    int[] labels = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      labels[i] = Byte.toUnsignedInt(raw[i]);
      if (labels[i] >= numClasses) {
        throw new IOException(
            "%s: label %d at index %d is outside the %d classes 0..%d"
                .formatted(file, labels[i], i, numClasses, numClasses - 1));
      }
    }
    return labels;
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      boolean gzipped = in.read() == GZIP_MAGIC_FIRST && in.read() == GZIP_MAGIC_SECOND;
      in.reset();
      return new DataInputStream(gzipped ? gunzip(in, file) : in);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static InputStream gunzip(InputStream in, Path file) throws IOException {
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (EOFException | ZipException e) {
      throw corruptGzip(file, e);
    }
  }

  private static void readMagic(DataInputStream in, Path file, int expected, String kind)
      throws IOException {
    int magic = readHeaderInt(in, file, "magic number");
    if (magic != expected) {
      throw new IOException(
          "%s: not an IDX %s file: magic number is %d, expected %d"
              .formatted(file, kind, magic, expected));
    }
  }

  private static int readSize(DataInputStream in, Path file, String what) throws IOException {
    int size = readHeaderInt(in, file, what);
    if (size < 0) {
      throw new IOException("%s: header %s is negative (%d)".formatted(file, what, size));
    }
    return size;
  }

  private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (ZipException e) {
      throw corruptGzip(file, e);
    } catch (EOFException e) {
      throw new IOException(
          "%s: truncated: the file ends inside the header, before the %s".formatted(file, what), e);
    }
  }

  /** Reads exactly {@code length} bytes and checks that nothing follows them. */
  private static byte[] readBody(DataInputStream in, Path file, int length, String declared)
      throws IOException {
    byte[] body;
    int extra;
    try {
      body = in.readNBytes(length);
      extra = body.length == length ? in.read() : -1;
    } catch (EOFException | ZipException e) {
      // GZIPInputStream reports a cut-off or damaged stream as one of these two
      throw corruptGzip(file, e);
    }
    if (body.length < length) {
      throw new IOException(
          "%s: truncated: the header declares %s (%d bytes after the header) but only %d follow"
              .formatted(file, declared, length, body.length));
    }
    if (extra != -1) {
      throw new IOException(
          "%s: more data than the header declares (%s, %d bytes after the header)"
              .formatted(file, declared, length));
    }
    return body;
  }

  private static IOException corruptGzip(Path file, IOException cause) {
    return new IOException(
        "%s: corrupt or truncated gzip data (%s)".formatted(file, cause.getMessage()), cause);
  }
}
