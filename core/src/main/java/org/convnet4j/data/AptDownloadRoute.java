package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches a Debian package's files without installing it: {@code apt-get download PACKAGE}, then
 * {@code dpkg-deb -x} into a scratch folder, from which a {@link DirectoryRoute} copies them.
 */
final class AptDownloadRoute implements FetchRoute {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final String packageName;
  private final Path installedDir;

  /**
   * @param packageName the Debian package, {@code dataset-fashion-mnist}
   * @param installedDir where the package installs the files, {@code
   *     /usr/share/datasets/fashion-mnist}
   */
  AptDownloadRoute(String packageName, Path installedDir) {
    this.packageName = packageName;
    this.installedDir = installedDir;
  }

  @Override
  public String description() {
    return "apt-get download " + packageName;
  }

  @Override
  public String remedy() {
    return "make 'apt-get download %s' work (apt-get update as root may be needed)"
        .formatted(packageName);
  }

  @Override
  public void fetchInto(CacheDirectory target) throws IOException {
    try (ScratchDirectory scratch = new ScratchDirectory("convnet4j-apt-")) {
      download(scratch.path());
      Path deb = scratch.singleFile("*.deb", description());
      Path unpacked = scratch.path().resolve("unpacked");
      ExternalCommand.runSucceeding(
          scratch.path(), TIMEOUT, "dpkg-deb", "-x", deb.toString(), unpacked.toString());
      Path filesDir = unpacked.resolve(Path.of("/").relativize(installedDir));
      new DirectoryRoute(filesDir, packageName).fetchInto(target);
    }
  }

  /**
   * Downloads the .deb. A machine whose package lists were never fetched (a fresh container) does
   * not know the package; as root we fetch the lists once and try again.
   */
  private void download(Path dir) throws IOException {
    ExternalCommand.Result download =
        ExternalCommand.run(dir, TIMEOUT, "apt-get", "download", packageName);
    if (!download.succeeded()
        && download.output().contains("Unable to locate package")
        && "root".equals(System.getProperty("user.name"))) {
      ExternalCommand.runSucceeding(dir, TIMEOUT, "apt-get", "update");
      download = ExternalCommand.run(dir, TIMEOUT, "apt-get", "download", packageName);
    }
    if (!download.succeeded()) {
      throw download.failure();
    }
  }
}
