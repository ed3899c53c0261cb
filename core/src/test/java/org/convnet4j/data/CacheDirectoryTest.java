package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.data.CacheTestFiles.contentOf;
import static org.convnet4j.data.CacheTestFiles.expected;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {

  @TempDir Path root;

  private CacheDirectory cache() {
    return new CacheDirectory(root.resolve("set"), List.of(expected("a"), expected("b")));
  }

  private List<Path> filesInCache() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("set"))) {
      return files.toList();
    }
  }

  @Test
  void fileWithTheExpectedHashIsInstalledUnderItsName() throws IOException {
    CacheDirectory cache = cache();

    cache.install(expected("a"), new ByteArrayInputStream(contentOf("a")), "test");

    assertThat(filesInCache()).containsExactly(root.resolve("set/a"));
    assertThat(Files.readAllBytes(root.resolve("set/a"))).isEqualTo(contentOf("a"));
    assertThat(cache.missingFiles()).containsExactly(expected("b"));
  }

  @Test
  void fileWithTheWrongHashLeavesNothingBehind() throws IOException {
    CacheDirectory cache = cache();
    byte[] wrong = "not the content of a".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> cache.install(expected("a"), new ByteArrayInputStream(wrong), "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "a from test has the wrong SHA-256: expected " + expected("a").sha256())
        .hasMessageContaining(
            "got " + CacheDirectory.sha256Of(Files.write(root.resolve("w"), wrong)))
        .hasMessageContaining("the file was not kept");
    assertThat(filesInCache()).isEmpty();
  }

  @Test
  void fetchThatFailsHalfWayLeavesNothingBehind() throws IOException {
    CacheDirectory cache = cache();
    InputStream failsAfterFourBytes =
        new InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            if (served == 4) {
              throw new IOException("connection reset");
            }
            return contentOf("a")[served++];
          }
        };

    assertThatThrownBy(() -> cache.install(expected("a"), failsAfterFourBytes, "test"))
        .hasMessage("connection reset");
    assertThat(filesInCache()).isEmpty();
  }

  @Test
  void fileDamagedAfterInstallingCountsAsMissingAndIsDeleted() throws IOException {
    CacheDirectory cache = cache();
    cache.install(expected("a"), new ByteArrayInputStream(contentOf("a")), "test");
    cache.install(expected("b"), new ByteArrayInputStream(contentOf("b")), "test");
    Files.writeString(root.resolve("set/b"), "damaged");

    assertThat(cache.missingFiles()).containsExactly(expected("b"));
    assertThat(filesInCache()).containsExactly(root.resolve("set/a"));
  }

  @Test
  void sha256OfAFileIsTheKnownDigest() throws IOException {
    // FIPS 180-2 example: SHA-256("abc")
    Path abc = Files.writeString(root.resolve("abc"), "abc");

    assertThat(CacheDirectory.sha256Of(abc))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
