package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  private static final LocalDateTime START = LocalDateTime.of(2026, 11, 27, 15, 4, 5);

  @TempDir Path dir;

  @Test
  void freshFolderIsNamedForTheStartTime() throws IOException {
    Path folder = RunFolder.createFresh(dir.resolve("runs"), START);

    assertThat(folder).isEqualTo(dir.resolve("runs/2026-11-27T15-04-05")).isEmptyDirectory();
  }

  @Test
  void secondRunInTheSameSecondGetsItsOwnFolder() throws IOException {
    Path first = RunFolder.createFresh(dir, START);
    Files.writeString(first.resolve("model.ckpt"), "the first run's weights");

    Path second = RunFolder.createFresh(dir, START);

    assertThat(second).isEqualTo(dir.resolve("2026-11-27T15-04-05-2")).isEmptyDirectory();
    assertThat(first.resolve("model.ckpt")).hasContent("the first run's weights");
  }

  @Test
  void explicitOutputIsCreatedWithItsParents() throws IOException {
    Path folder = RunFolder.createOrUseEmpty(dir.resolve("a/b"));

    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void explicitOutputMayBeAnEmptyFolder() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertThat(RunFolder.createOrUseEmpty(empty)).isEqualTo(empty);
  }

  @Test
  void explicitOutputHoldingFilesIsRefusedAndLeftAlone() throws IOException {
    Path used = Files.createDirectory(dir.resolve("used"));
    Files.writeString(used.resolve("model.ckpt"), "weights");

    assertThatThrownBy(() -> RunFolder.createOrUseEmpty(used))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--output: "
                + used
                + " is not empty; name a new folder, or continue that run with"
                + " --resume "
                + used);
    assertThat(used.resolve("model.ckpt")).hasContent("weights");
  }

  @Test
  void explicitOutputThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");

    assertThatThrownBy(() -> RunFolder.createOrUseEmpty(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--output: " + file + " is a file, not a folder");
  }
}
