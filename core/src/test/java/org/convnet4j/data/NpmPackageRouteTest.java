package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.data.CacheTestFiles.contentOf;
import static org.convnet4j.data.CacheTestFiles.expected;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackageRouteTest {

  @TempDir Path dir;

  private final NpmPackageRoute route = new NpmPackageRoute("test-data@1.0.0", "package/data/");

  private CacheDirectory cache() {
    return new CacheDirectory(dir.resolve("cache"), List.of(expected("a"), expected("b")));
  }

  private Path tarball(TestTarball archive) throws IOException {
    return Files.write(dir.resolve("test-data-1.0.0.tgz"), IdxTestFiles.gzip(archive.bytes()));
  }

  @Test
  void expectedFilesUnderTheDataFolderAreInstalledAndOthersIgnored() throws IOException {
    Path tgz =
        tarball(
            new TestTarball()
                .file("package/package.json", "{}".getBytes(StandardCharsets.US_ASCII))
                .file("package/data/a", contentOf("a"))
                .file("package/data/unexpected", contentOf("unexpected"))
                .file("package/other/b", contentOf("b"))
                .file("package/data/b", contentOf("b")));
    CacheDirectory cache = cache();

    route.installFrom(tgz, cache);

    assertThat(cache.missingFiles()).isEmpty();
    try (var files = Files.list(dir.resolve("cache"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void fileWithTheWrongContentInTheTarballIsNotInstalled() throws IOException {
    Path tgz =
        tarball(
            new TestTarball()
                .file("package/data/a", contentOf("a"))
                .file("package/data/b", contentOf("not b")));
    CacheDirectory cache = cache();

    assertThatThrownBy(() -> route.installFrom(tgz, cache))
        .hasMessageContaining("b from npm package test-data@1.0.0 has the wrong SHA-256");
    assertThat(cache.missingFiles()).containsExactly(expected("b"));
  }
}
