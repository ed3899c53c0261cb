package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.cli.report.TextTable;
import org.convnet4j.data.DataSets;
import org.convnet4j.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convnet4j eval}: how well a trained model does on the whole test set. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a trained model on its data set's test images: accuracy, precision and recall"
            + " per class, and the confusion matrix.")
final class EvalCommand implements Callable<Integer> {

  private final Backend backend;

  @Spec private CommandSpec spec;

  @Mixin private ModelOption model;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "A folder with the data set's IDX files (default: where training found them).")
  private Path dataDir;

  EvalCommand() {
    this(Backend.LIBRARY);
  }

  EvalCommand(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Integer call() throws IOException {
    SavedModel saved = model.load();
    DataSets data = saved.data(backend, dataDir);
    Evaluation test = Evaluation.of(saved.model(), data.test(), data.classNames());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "test accuracy %s (%,d of %,d test images)%n%n",
        EvaluationTables.percent(test.accuracy()), test.correct(), test.examples());
    out.print(TextTable.format(EvaluationTables.perClass(test)));
    out.println();
    out.println("confusion matrix: true classes down, predicted classes across");
    out.print(TextTable.format(EvaluationTables.confusion(test)));
    return 0;
  }
}
