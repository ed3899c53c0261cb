package org.convnet4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of a command line with its standard output and error captured. */
record CommandRun(int exitCode, String out, String err) {

  /** Runs {@code args} on {@code commandLine}, capturing what it prints. */
  static CommandRun of(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** Runs {@code args} on the real {@code convnet4j} command line. */
  static CommandRun main(String... args) {
    return of(Main.commandLine(), args);
  }
}
