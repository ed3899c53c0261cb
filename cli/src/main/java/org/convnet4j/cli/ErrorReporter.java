package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.convnet4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what goes wrong into one line {@code convnet4j <command>: <message>} on standard error and
 * an exit status: 2 for the user's mistakes (bad options, bad values, missing or damaged files, a
 * learning rate so high the loss diverged), 1 for a failure of the program itself, whose stack
 * trace is printed only when asked for ({@code --debug} or the {@value Main#DEBUG_ENV} environment
 * variable).
 */
final class ErrorReporter
    implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

  private final boolean debugFromEnvironment;

  private ErrorReporter(boolean debugFromEnvironment) {
    this.debugFromEnvironment = debugFromEnvironment;
  }

  /** Installs the reporter on {@code commandLine} and returns it. */
  static CommandLine install(CommandLine commandLine, boolean debugFromEnvironment) {
    ErrorReporter reporter = new ErrorReporter(debugFromEnvironment);
    return commandLine
        .setParameterExceptionHandler(reporter)
        .setExecutionExceptionHandler(reporter);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine failed = ex.getCommandLine();
    failed
        .getErr()
        .println(
            "%s: %s (see %s --help)"
                .formatted(commandName(failed), oneLine(ex.getMessage()), commandName(failed)));
    return CommandLine.ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    Throwable cause = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() : ex;
    if (cause instanceof IllegalArgumentException
        || cause instanceof IOException
        || cause instanceof TrainingDivergedException) {
      err.println(commandName(commandLine) + ": " + describe(cause));
      return CommandLine.ExitCode.USAGE;
    }
    err.println(commandName(commandLine) + ": unexpected failure: " + describe(cause));
    if (debugFromEnvironment || debugRequested(parseResult)) {
      cause.printStackTrace(err);
    } else {
      err.println("(run again with --debug or " + Main.DEBUG_ENV + "=1 for the stack trace)");
    }
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** {@code convnet4j train} for the train subcommand, {@code convnet4j} for the top command. */
  static String commandName(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName();
  }

  // The JDK's file exceptions carry only the path as their message; say what happened to it.
  private static String describe(Throwable t) {
    if (t instanceof FileSystemException fs && fs.getReason() == null) {
      String what =
          switch (fs) {
            case NoSuchFileException ignored -> "no such file or folder";
            case AccessDeniedException ignored -> "permission denied";
            case FileAlreadyExistsException ignored -> "already exists";
            case DirectoryNotEmptyException ignored -> "folder is not empty";
            default -> "file system error";
          };
      return fs.getFile() + ": " + what;
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : oneLine(message);
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static boolean debugRequested(ParseResult parseResult) {
    for (CommandLine matched : parseResult.asCommandLineList()) {
      if (matched.getParseResult().hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
