package org.convnet4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.convnet4j.internal.AtomicFiles;

/**
 * One data set's folder in the cache. A file is only ever there complete and verified: {@link
 * #install} writes it with {@link AtomicFiles}, checking its SHA-256 before the temporary file is
 * renamed into place, so an interrupted or wrong fetch never leaves a file that looks complete.
 */
final class CacheDirectory {

  private final Path dir;
  private final List<DatasetFile> files;

  CacheDirectory(Path dir, List<DatasetFile> files) {
    this.dir = dir;
    this.files = List.copyOf(files);
  }

  Path dir() {
    return dir;
  }

  /** The expected file of that name, if this data set has one. */
  Optional<DatasetFile> expected(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The files that are not in the folder with the right hash. A file with the wrong hash (damaged
   * on disk since it was verified) is deleted, so that a fetch replaces it.
   */
  List<DatasetFile> missingFiles() throws IOException {
    List<DatasetFile> missing = new ArrayList<>();
    for (DatasetFile file : files) {
      Path path = dir.resolve(file.name());
      if (!Files.isRegularFile(path)) {
        missing.add(file);
      } else if (!sha256Of(path).equals(file.sha256())) {
        Files.delete(path);
        missing.add(file);
      }
    }
    return missing;
  }

  /** The cached files; call when {@link #missingFiles()} is empty. */
  DataFiles dataFiles() {
    return DataFiles.of(files.stream().map(f -> dir.resolve(f.name())).toList());
  }

  /**
   * Copies {@code content} into the folder as {@code file}, if its SHA-256 is the expected one.
   *
   * @param source where the content comes from, for the error message
   * @throws IOException if the hash differs (nothing is kept) or writing fails
   */
  void install(DatasetFile file, InputStream content, String source) throws IOException {
    AtomicFiles.write(
        dir.resolve(file.name()),
        out -> {
          MessageDigest digest = sha256();
          new DigestInputStream(content, digest).transferTo(out);
          String actual = HexFormat.of().formatHex(digest.digest());
          if (!actual.equals(file.sha256())) {
            // thrown before AtomicFiles renames the temporary file, which it then deletes
            throw new IOException(
                "%s from %s has the wrong SHA-256: expected %s, got %s; the file was not kept"
                    .formatted(file.name(), source, file.sha256(), actual));
          }
        });
  }

  /** The SHA-256 of a file, lower-case hex. */
  static String sha256Of(Path path) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
