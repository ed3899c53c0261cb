package org.convnet4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A temporary directory for a fetch's downloads, deleted with everything in it on close. */
final class ScratchDirectory implements AutoCloseable {

  private final Path path;

  ScratchDirectory(String prefix) throws IOException {
    this.path = Files.createTempDirectory(prefix);
  }

  Path path() {
    return path;
  }

  /**
   * The one file directly inside that matches {@code glob}, as a command put it there.
   *
   * @throws IOException if there is none or more than one
   */
  Path singleFile(String glob, String producedBy) throws IOException {
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(path, glob)) {
      files.forEach(matches::add);
    }
    if (matches.size() != 1) {
      throw new IOException(
          "expected one %s file from %s in %s, found %d"
              .formatted(glob, producedBy, path, matches.size()));
    }
    return matches.getFirst();
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> all = Files.walk(path)) {
      // children before their parents
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
