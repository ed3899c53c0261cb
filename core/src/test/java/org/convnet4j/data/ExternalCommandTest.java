package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCommandTest {

  @TempDir Path dir;

  @Test
  void outputAndErrorsAreCapturedWithTheExitStatus() throws IOException {
    ExternalCommand.Result result =
        ExternalCommand.run(
            dir, Duration.ofSeconds(30), "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.succeeded()).isFalse();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output()).contains("out", "err");
    assertThat(result.failure())
        .hasMessageStartingWith("'sh -c echo out; echo err >&2; exit 3' exited with status 3:");
  }

  @Test
  void failureIsThrownWhenSuccessIsRequired() {
    assertThatThrownBy(
            () ->
                ExternalCommand.runSucceeding(
                    dir, Duration.ofSeconds(30), "sh", "-c", "echo no; exit 1"))
        .isInstanceOf(IOException.class)
        .hasMessage("'sh -c echo no; exit 1' exited with status 1: no");
  }

  @Test
  void commandRunsInTheGivenDirectory() throws IOException {
    ExternalCommand.Result result =
        ExternalCommand.run(dir, Duration.ofSeconds(30), "sh", "-c", "pwd");

    assertThat(result.succeeded()).isTrue();
    assertThat(Path.of(result.output().strip()).toRealPath()).isEqualTo(dir.toRealPath());
  }

  @Test
  void programThatIsNotInstalledIsNamed() {
    assertThatThrownBy(
            () ->
                ExternalCommand.run(dir, Duration.ofSeconds(30), "convnet4j-no-such-program", "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is convnet4j-no-such-program installed and on the PATH?");
  }

  @Test
  void commandThatOutlivesItsTimeoutIsStopped() {
    assertThatThrownBy(() -> ExternalCommand.run(dir, Duration.ofMillis(300), "sleep", "30"))
        .isInstanceOf(IOException.class)
        .hasMessage("'sleep 30' did not finish within 0 seconds");
  }
}
