package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * Where a training run writes: a folder of its own that held nothing before, so a run never
 * overwrites another's checkpoint or report.
 */
final class RunFolder {

  /** Parent of the default run folders. */
  static final Path RUNS = Path.of("runs");

  // Colons are not allowed in Windows file names, hence 15-04-05 rather than 15:04:05.
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

  private RunFolder() {}

  /**
   * Creates {@code runs/2026-11-27T15-04-05} (the time given) under {@code parent}, or {@code
   * ...-2}, {@code ...-3} if a run started in the same second.
   */
  static Path createFresh(Path parent, LocalDateTime startTime) throws IOException {
    Files.createDirectories(parent);
    String name = NAME.format(startTime);
    for (int attempt = 1; ; attempt++) {
      Path folder = parent.resolve(attempt == 1 ? name : name + "-" + attempt);
      try {
        // Creating is the test: it fails if the folder exists, even if another run just made it.
        return Files.createDirectory(folder);
      } catch (FileAlreadyExistsException taken) {
        // try the next suffix
      }
    }
  }

  /**
   * Creates {@code folder} if needed and returns it.
   *
   * @throws IllegalArgumentException if it is a file, or a folder that holds something already
   */
  static Path createOrUseEmpty(Path folder) throws IOException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--output: " + folder + " is a file, not a folder");
    }
    if (Files.isDirectory(folder)) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--output: %s is not empty; name a new folder, or continue that run with --resume %s"
                  .formatted(folder, folder));
        }
      }
    }
    return Files.createDirectories(folder);
  }
}
