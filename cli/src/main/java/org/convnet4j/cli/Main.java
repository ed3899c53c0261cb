package org.convnet4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code convnet4j} command: parses the arguments, runs one subcommand and turns its errors
 * into one-line messages and exit codes (see {@link ErrorReporter}).
 */
@Command(
    name = "convnet4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Convolutional neural networks in pure Java, with TensorFlow's semantics.",
    subcommands = {
      TrainCommand.class,
      BenchCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      ShapeCommand.class,
      VisualizeCommand.class,
      ExperimentCommand.class,
      ExportCommand.class,
      ImportCommand.class
    })
public final class Main implements Callable<Integer> {

  /** The environment variable that, when set, prints stack traces like {@code --debug}. */
  static final String DEBUG_ENV = "CONVNET4J_DEBUG";

  @Spec private CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an unexpected failure (or set " + DEBUG_ENV + ").")
  private boolean debug;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int status = commandLine.execute(args);
    // picocli's writers flush on println only; text printed with print would be lost on exit.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(status);
  }

  /** The configured command line; tests call {@code execute} on it with captured streams. */
  public static CommandLine commandLine() {
    return commandLine(Backend.LIBRARY);
  }

  /** The command line with its commands training and loading data through {@code backend}. */
  static CommandLine commandLine(Backend backend) {
    return ErrorReporter.install(
        new CommandLine(new Main(), new BackendFactory(backend)), System.getenv(DEBUG_ENV) != null);
  }

  /** Creates commands, handing the backend to those that take one. */
  private record BackendFactory(Backend backend) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Backend.class).newInstance(backend);
      } catch (NoSuchMethodException takesNoBackend) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  // Without a subcommand there is nothing to do: show what there is, as a usage error.
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
