package org.convnet4j.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Cache entries with small contents and their real SHA-256, for cache and route tests. */
final class CacheTestFiles {

  private CacheTestFiles() {}

  static byte[] contentOf(String name) {
    return ("content of " + name).getBytes(StandardCharsets.US_ASCII);
  }

  /** The expected file {@code name}, whose right content is {@link #contentOf(String)}. */
  static DatasetFile expected(String name) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(contentOf(name));
      return new DatasetFile(name, HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
