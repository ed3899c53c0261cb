package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the four IDX files of a data set are. */
record DataFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

  /** The standard names, as MNIST's and Fashion-MNIST's authors publish them (before gzip). */
  static final List<String> STANDARD_NAMES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  /** The files in the order training images, training labels, test images, test labels. */
  static DataFiles of(List<Path> paths) {
    return new DataFiles(paths.get(0), paths.get(1), paths.get(2), paths.get(3));
  }

  /**
   * The four files under their standard names in a user's directory, each raw or with {@code .gz}.
   *
   * @throws IOException naming every missing file and the directory
   */
  static DataFiles inDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "data directory %s does not exist or is not a directory".formatted(dir));
    }
    List<Path> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : STANDARD_NAMES) {
      Path raw = dir.resolve(name);
      Path gzipped = dir.resolve(name + ".gz");
      if (Files.isRegularFile(raw)) {
        found.add(raw);
      } else if (Files.isRegularFile(gzipped)) {
        found.add(gzipped);
      } else {
        missing.add(name + "[.gz]");
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(
          "data directory %s lacks %s (IDX files, raw or gzipped, under their standard names)"
              .formatted(dir, String.join(", ", missing)));
    }
    return of(found);
  }
}
