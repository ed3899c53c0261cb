package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.data.CacheTestFiles.contentOf;
import static org.convnet4j.data.CacheTestFiles.expected;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRouteTest {

  @TempDir Path packageDir;
  @TempDir Path cacheDir;

  private CacheDirectory cache;

  @BeforeEach
  void emptyCache() {
    cache = new CacheDirectory(cacheDir, List.of(expected("a.gz"), expected("b.gz")));
  }

  @Test
  void copiesEveryMissingFileAfterCheckingItsHash() throws IOException {
    Files.write(packageDir.resolve("a.gz"), contentOf("a.gz"));
    Files.write(packageDir.resolve("b.gz"), contentOf("b.gz"));

    new DirectoryRoute(packageDir, "dataset-test").fetchInto(cache);

    assertThat(cache.missingFiles()).isEmpty();
    assertThat(Files.readAllBytes(cacheDir.resolve("b.gz"))).isEqualTo(contentOf("b.gz"));
  }

  @Test
  void directoryThatDoesNotExistMeansThePackageIsNotInstalled() {
    Path absent = packageDir.resolve("absent");

    assertThatThrownBy(() -> new DirectoryRoute(absent, "dataset-test").fetchInto(cache))
        .isInstanceOf(IOException.class)
        .hasMessage("%s does not exist (package dataset-test is not installed)".formatted(absent));
  }

  @Test
  void fileWithOtherContentIsNotCopied() throws IOException {
    Files.write(packageDir.resolve("a.gz"), contentOf("a.gz"));
    Files.writeString(packageDir.resolve("b.gz"), "another version");

    assertThatThrownBy(() -> new DirectoryRoute(packageDir, "dataset-test").fetchInto(cache))
        .hasMessageContaining(
            "b.gz from %s has the wrong SHA-256".formatted(packageDir.resolve("b.gz")));
    assertThat(cache.missingFiles()).containsExactly(expected("b.gz"));
  }

  @Test
  void missingFileInThePackageDirectoryIsNamed() throws IOException {
    Files.write(packageDir.resolve("a.gz"), contentOf("a.gz"));

    assertThatThrownBy(() -> new DirectoryRoute(packageDir, "dataset-test").fetchInto(cache))
        .hasMessage("%s lacks b.gz".formatted(packageDir));
  }
}
