package org.convnet4j.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a ustar archive in memory, the way tar(1) lays it out, for tests. */
final class TestTarball {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Adds a regular file. */
  TestTarball file(String name, byte[] content) {
    return entry(name, '0', content);
  }

  /** Adds a directory entry. */
  TestTarball directory(String name) {
    return entry(name, '5', new byte[0]);
  }

  /**
   * Adds a regular file whose path is split into the ustar prefix field (before the last slash) and
   * the name field.
   */
  TestTarball fileWithPrefix(String prefix, String name, byte[] content) {
    byte[] header = header(name, '0', content.length);
    put(header, 345, prefix);
    writeChecksum(header);
    out.writeBytes(header);
    writeContent(content);
    return this;
  }

  /** The archive with its two closing zero blocks. */
  byte[] bytes() {
    ByteArrayOutputStream done = new ByteArrayOutputStream();
    done.writeBytes(out.toByteArray());
    done.writeBytes(new byte[1024]);
    return done.toByteArray();
  }

  private TestTarball entry(String name, char type, byte[] content) {
    byte[] header = header(name, type, content.length);
    writeChecksum(header);
    out.writeBytes(header);
    writeContent(content);
    return this;
  }

  private void writeContent(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  private static byte[] header(String name, char type, int size) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 124, "%011o".formatted(size));
    put(header, 136, "%011o".formatted(0));
    header[156] = (byte) type;
    put(header, 257, "ustar");
    put(header, 263, "00");
    return header;
  }

  /** The sum of all bytes with the checksum field counted as spaces, as six octal digits. */
  private static void writeChecksum(byte[] header) {
    put(header, 148, "        ");
    int sum = 0;
    for (byte b : header) {
      sum += Byte.toUnsignedInt(b);
    }
    put(header, 148, "%06o\0 ".formatted(sum));
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
