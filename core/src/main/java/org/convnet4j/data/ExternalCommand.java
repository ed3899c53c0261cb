package org.convnet4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program (npm, apt-get, dpkg-deb) with a time limit, keeping its output for errors. */
final class ExternalCommand {

  /** How much of a failed command's output an error message quotes, from the end. */
  private static final int QUOTED_OUTPUT_CHARS = 1500;

  /** The outcome of a command that ran to its end. */
  record Result(List<String> command, int exitCode, String output) {

    boolean succeeded() {
      return exitCode == 0;
    }

    /** An exception saying the command failed, with the end of its output. */
    IOException failure() {
      String tail =
          output.length() > QUOTED_OUTPUT_CHARS
              ? "..." + output.substring(output.length() - QUOTED_OUTPUT_CHARS)
              : output;
      return new IOException(
          "'%s' exited with status %d: %s"
              .formatted(String.join(" ", command), exitCode, tail.strip()));
    }
  }

  private ExternalCommand() {}

  /**
   * Runs {@code command} like {@link #run} and requires it to succeed.
   *
   * @throws IOException as {@link #run} does, or quoting the output if the exit status is not 0
   */
  static Result runSucceeding(Path workDir, Duration timeout, String... command)
      throws IOException {
    Result result = run(workDir, timeout, command);
    if (!result.succeeded()) {
      throw result.failure();
    }
    return result;
  }

  /**
   * Runs {@code command} in {@code workDir}, its output and errors going to one log.
   *
   * @throws IOException if the program cannot be started (not installed) or outlives {@code
   *     timeout}
   */
  static Result run(Path workDir, Duration timeout, String... command) throws IOException {
    List<String> commandLine = List.of(command);
    Path log = Files.createTempFile(workDir, "command-", ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(commandLine)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      // nothing to say to it: an empty stdin keeps a prompting program from waiting forever
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new IOException(
          "cannot run '%s': is %s installed and on the PATH? (%s)"
              .formatted(String.join(" ", commandLine), command[0], e.getMessage().strip()),
          e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "'%s' did not finish within %d seconds"
                .formatted(String.join(" ", commandLine), timeout.toSeconds()));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", commandLine), e);
    }
    // new String(...) replaces bytes that are not UTF-8 rather than failing like readString
    String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    return new Result(commandLine, process.exitValue(), output);
  }
}
