package org.convnet4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular files of a POSIX (ustar) tar archive, such as the one {@code npm pack} writes,
 * one after the other. Other entries (directories, links, pax headers) are skipped; long names in
 * pax or GNU extension headers are not interpreted, which is fine for the short paths of the
 * packages we read.
 */
final class TarReader {

  /** A regular file in the archive; read its bytes from {@link #content()}. */
  record Entry(String name, long size) {}

  private static final int BLOCK = 512;
  private static final int NAME_OFFSET = 0;
  private static final int NAME_LENGTH = 100;
  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;
  private static final int CHECKSUM_OFFSET = 148;
  private static final int CHECKSUM_LENGTH = 8;
  private static final int TYPE_OFFSET = 156;
  private static final int MAGIC_OFFSET = 257;
  private static final int PREFIX_OFFSET = 345;
  private static final int PREFIX_LENGTH = 155;

  private final InputStream in;
  private final String archiveName;
  private long unreadContent;
  private long padding;

  /**
   * A reader of the (already decompressed) archive {@code in}, which it does not close.
   *
   * @param archiveName names the archive in error messages
   */
  TarReader(InputStream in, String archiveName) {
    this.in = in;
    this.archiveName = archiveName;
  }

  /**
   * Moves to the next regular file.
   *
   * @return the file, or {@code null} at the end of the archive
   * @throws IOException if the archive is truncated or a header is damaged
   */
  Entry nextFile() throws IOException {
    while (true) {
      skip(unreadContent + padding);
      byte[] header = in.readNBytes(BLOCK);
      if (header.length < BLOCK) {
        throw new IOException(archiveName + ": truncated tar archive (ends inside a header)");
      }
      if (isZeroBlock(header)) {
        return null;
      }
      checkChecksum(header);
      long size = parseOctal(header, SIZE_OFFSET, SIZE_LENGTH, "size");
      unreadContent = size;
      padding = (BLOCK - size % BLOCK) % BLOCK;
      byte type = header[TYPE_OFFSET];
      if (type == '0' || type == 0) {
        return new Entry(pathOf(header), size);
      }
    }
  }

  /** The content of the file {@link #nextFile()} returned last; valid until the next call. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (unreadContent == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, unreadContent));
        if (n < 0) {
          throw new EOFException(archiveName + ": truncated tar archive (ends inside a file)");
        }
        unreadContent -= n;
        return n;
      }
    };
  }

  private void skip(long n) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new IOException(archiveName + ": truncated tar archive (ends inside a file)", e);
    }
    unreadContent = 0;
    padding = 0;
  }

  private String pathOf(byte[] header) {
    String name = text(header, NAME_OFFSET, NAME_LENGTH);
    boolean ustar = text(header, MAGIC_OFFSET, 5).equals("ustar");
    String prefix = ustar ? text(header, PREFIX_OFFSET, PREFIX_LENGTH) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The checksum is the sum of the header's bytes, unsigned, counting its own field as spaces. */
  private void checkChecksum(byte[] header) throws IOException {
    long stored = parseOctal(header, CHECKSUM_OFFSET, CHECKSUM_LENGTH, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      boolean inChecksumField = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH;
      sum += inChecksumField ? ' ' : Byte.toUnsignedInt(header[i]);
    }
    if (sum != stored) {
      throw new IOException(
          "%s: damaged tar header: checksum %d stored, %d computed"
              .formatted(archiveName, stored, sum));
    }
  }

  /** An octal number padded with spaces or NULs. */
  private long parseOctal(byte[] header, int offset, int length, String field) throws IOException {
    String digits = text(header, offset, length).strip();
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IOException(
          "%s: damaged tar header: %s field '%s' is not an octal number"
              .formatted(archiveName, field, digits),
          e);
    }
  }

  /** A NUL-terminated ASCII field. */
  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static boolean isZeroBlock(byte[] header) {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
