package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class MainTest {

  /** A subcommand that fails the way it is told to, to exercise the error handling. */
  @Command(name = "fail")
  static final class FailingCommand implements Callable<Integer> {
    @Option(names = "--with", required = true)
    String failure;

    @Option(names = "--count")
    int count;

    @Override
    public Integer call() throws IOException {
      switch (failure) {
        case "argument" ->
            throw new IllegalArgumentException("conv2d: expected rank 4\nbut got rank 3");
        case "missing-file" -> throw new NoSuchFileException("/nowhere/model.ckpt");
        case "io" -> throw new IOException("model.ckpt: truncated after 12 bytes");
        default -> throw new IllegalStateException("a bug");
      }
    }
  }

  private static CommandRun runFailing(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.addSubcommand(new FailingCommand());
    return CommandRun.of(commandLine, args);
  }

  @Test
  void helpListsTheCommandAndExitsZero() {
    CommandRun run = CommandRun.main("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: convnet4j").contains("--version");
  }

  @Test
  void versionNamesTheProjectVersionFromTheBuild() {
    CommandRun run = CommandRun.main("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("convnet4j 0.").doesNotContain("${");
  }

  @Test
  void noSubcommandPrintsUsageAsAUsageError() {
    CommandRun run = CommandRun.main();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: convnet4j");
  }

  @Test
  void unknownOptionIsOneLineWithExitTwo() {
    CommandRun run = CommandRun.main("--frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly("convnet4j: Unknown option: '--frobnicate' (see convnet4j --help)");
  }

  @Test
  void badNumberNamesTheSubcommandAndTheOption() {
    CommandRun run = runFailing("fail", "--with", "argument", "--count", "many");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("convnet4j fail: ").contains("--count").contains("'many'");
  }

  @Test
  void illegalArgumentIsOneLineWithoutStackTrace() {
    CommandRun run = runFailing("fail", "--with", "argument");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly("convnet4j fail: conv2d: expected rank 4; but got rank 3");
  }

  @Test
  void missingFileSaysWhichFileAndWhatHappened() {
    CommandRun run = runFailing("fail", "--with", "missing-file");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly("convnet4j fail: /nowhere/model.ckpt: no such file or folder");
  }

  @Test
  void ioErrorKeepsItsMessage() {
    CommandRun run = runFailing("fail", "--with", "io");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly("convnet4j fail: model.ckpt: truncated after 12 bytes");
  }

  @Test
  void unexpectedFailureExitsOneWithoutStackTraceByDefault() {
    CommandRun run = runFailing("fail", "--with", "bug");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("convnet4j fail: unexpected failure: a bug");
    assertThat(run.err()).doesNotContain("at org.convnet4j");
  }

  @Test
  void unexpectedFailurePrintsStackTraceUnderDebug() {
    CommandRun run = runFailing("fail", "--with", "bug", "--debug");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("java.lang.IllegalStateException: a bug").contains("at org.");
  }
}
