package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Every regular file of the archive, name to content, read through the reader. */
  private static Map<String, String> readAll(byte[] archive) throws IOException {
    TarReader tar = new TarReader(new ByteArrayInputStream(archive), "test.tar");
    Map<String, String> files = new LinkedHashMap<>();
    for (TarReader.Entry e = tar.nextFile(); e != null; e = tar.nextFile()) {
      byte[] content = tar.content().readAllBytes();
      assertThat(content).as(e.name()).hasSize((int) e.size());
      files.put(e.name(), new String(content, StandardCharsets.US_ASCII));
    }
    return files;
  }

  @Test
  void readsRegularFilesInOrderAndSkipsDirectories() throws IOException {
    byte[] archive =
        new TestTarball()
            .directory("package/")
            .file("package/package.json", text("{}"))
            .directory("package/data/")
            .file("package/data/labels", text("0123456789"))
            .bytes();

    assertThat(readAll(archive))
        .containsExactly(
            Map.entry("package/package.json", "{}"),
            Map.entry("package/data/labels", "0123456789"));
  }

  @Test
  void fileWhoseContentIsNotReadIsSkippedWithItsPadding() throws IOException {
    byte[] big = new byte[1300];
    Arrays.fill(big, (byte) 'x');
    byte[] archive = new TestTarball().file("first", big).file("second", text("after")).bytes();
    TarReader tar = new TarReader(new ByteArrayInputStream(archive), "test.tar");

    assertThat(tar.nextFile()).isEqualTo(new TarReader.Entry("first", 1300));
    assertThat(tar.content().readNBytes(10)).hasSize(10);
    assertThat(tar.nextFile()).isEqualTo(new TarReader.Entry("second", 5));
    assertThat(tar.content().readAllBytes()).isEqualTo(text("after"));
    assertThat(tar.nextFile()).isNull();
  }

  @Test
  void contentOfExactlyOneBlockAndAnEmptyFileAreRead() throws IOException {
    byte[] block = new byte[512];
    Arrays.fill(block, (byte) 'b');
    byte[] archive = new TestTarball().file("block", block).file("empty", new byte[0]).bytes();

    Map<String, String> files = readAll(archive);

    assertThat(files.get("block")).hasSize(512);
    assertThat(files.get("empty")).isEmpty();
  }

  @Test
  void ustarPrefixIsJoinedToTheName() throws IOException {
    byte[] archive =
        new TestTarball().fileWithPrefix("package/data", "train-labels", text("5")).bytes();

    assertThat(readAll(archive)).containsOnlyKeys("package/data/train-labels");
  }

  @Test
  void damagedHeaderIsRejectedByItsChecksum() {
    byte[] archive = new TestTarball().file("package/a", text("abc")).bytes();
    archive[3] ^= 1;

    assertThatThrownBy(() -> readAll(archive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test.tar: damaged tar header: checksum");
  }

  @Test
  void archiveEndingInsideAFileIsRejected() {
    byte[] whole = new TestTarball().file("a", new byte[2000]).file("b", text("b")).bytes();
    byte[] cut = Arrays.copyOf(whole, 512 + 1000);

    assertThatThrownBy(() -> readAll(cut))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test.tar: truncated tar archive (ends inside a file)");
  }

  @Test
  void archiveEndingInsideAHeaderIsRejected() {
    byte[] whole = new TestTarball().file("a", text("a")).bytes();
    byte[] cut = Arrays.copyOf(whole, 1024 + 100);

    assertThatThrownBy(() -> readAll(cut))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test.tar: truncated tar archive (ends inside a header)");
  }
}
