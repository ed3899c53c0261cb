package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.data.DataSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data folders as executors see them: Hadoop addresses told from local paths, a Hadoop folder
 * copied through Hadoop's file system API (here its local file system, {@code file:}, which needs
 * no cluster), and a driver's copy named in a run's settings found again from its name.
 */
class DataSourceTest {

  @Test
  void hadoopAddressesAreThoseWithASchemeOtherThanFile() {
    assertThat(DataSource.isHadoopAddress("hdfs:/data/mnist")).isTrue();
    assertThat(DataSource.isHadoopAddress("s3a://bucket/mnist")).isTrue();
    assertThat(DataSource.isHadoopAddress("file:///data/mnist")).isFalse();
    assertThat(DataSource.isHadoopAddress("/data/mnist")).isFalse();
    assertThat(DataSource.isHadoopAddress("data/mnist")).isFalse();
    assertThat(DataSource.isHadoopAddress("C:/data")).isFalse();
  }

  @Test
  void aCopyNamedInTheSettingsIsMadeAgainFromTheAddressItsNameHolds(@TempDir Path dir)
      throws IOException {
    Path original = SyntheticIdx.write(Files.createDirectories(dir.resolve("idx")), 20, 10, 3);
    String address = original.toUri().toString();
    Path copy = DataSource.localCopyOf(address);
    deleteRecursively(copy);
    try {
      // What an executor on another machine sees: the driver's copy's name, not the copy.
      DataSets data = new DataSource("mnist", copy.toString()).load();

      assertThat(data.train().size()).isEqualTo(20);
      assertThat(data.test().size()).isEqualTo(10);
      assertThat(copy.resolve("train-images-idx3-ubyte")).hasSameBinaryContentAs(
          original.resolve("train-images-idx3-ubyte"));
      assertThat(DataSource.copyToLocal(address)).isEqualTo(copy);
    } finally {
      deleteRecursively(copy);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (var entries = Files.list(p)) {
        for (Path e : entries.toList()) {
          deleteRecursively(e);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
