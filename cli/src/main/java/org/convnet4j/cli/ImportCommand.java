package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.nn.Sequential;
import org.convnet4j.onnx.ImportedModel;
import org.convnet4j.onnx.OnnxImport;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.MetricsFile;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convnet4j import}: a CNN from an ONNX file (PyTorch's torch.onnx, tf2onnx, convnet4j's
 * export) as a run folder like any other, which eval, predict, visualize, summary, train --resume
 * and export then use.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Reads a CNN from an ONNX file (PyTorch's torch.onnx, tf2onnx, convnet4j's export) into a"
            + " new run folder (model.ckpt and metrics.json with the test accuracy) that eval,"
            + " predict, visualize, summary, train --resume and export use. The model then takes"
            + " NHWC images whatever the file's layout.")
final class ImportCommand implements Callable<Integer> {

  private final Backend backend;

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The ONNX model, e.g. model.onnx.")
  private Path file;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "The run folder to create (new or empty).")
  private Path output;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      defaultValue = "mnist",
      description = "The data set the model classifies: mnist or fashion-mnist (default: mnist).")
  private String dataset;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "A folder with the data set's IDX files (default: the cache).")
  private Path dataDir;

  ImportCommand() {
    this(Backend.LIBRARY);
  }

  ImportCommand(Backend backend) {
    this.backend = backend;
  }

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = {
        "The model classifies an image folder (as train --data) instead of --dataset: images are"
            + " resized to the model's input size and channels; the class names are the folder's,"
            + " or must equal those the file names in its metadata.",
      })
  private Path data;

  @Override
  public Integer call() throws IOException {
    if (data != null && dataDir != null) {
      throw new IllegalArgumentException("--data and --data-dir do not go together");
    }
    ImportedModel imported = OnnxImport.read(file);
    Sequential model = imported.model();
    TrainingConfig base = TrainingConfig.defaults();
    if (data != null) {
      int[] in = model.inputShape();
      if (in.length != 3 || (in[2] != 1 && in[2] != 3)) {
        throw new IllegalArgumentException(
            "--data: the model takes %s inputs, not images of 1 or 3 channels"
                .formatted(Arrays.toString(in)));
      }
      base =
          base.withImageFolder(
              data,
              ImageFolderSpec.defaults()
                  .withImageSize(in[0], in[1])
                  .withChannels(in[2])
                  .withClassNames(imported.classNames()));
    } else {
      base = base.withDataset(Dataset.parse(dataset)).withDataDir(dataDir);
    }
    DataSets sets = backend.load(base);
    int[] image = sets.test().imageShape();
    if (!Arrays.equals(model.inputShape(), image)) {
      throw new IllegalArgumentException(
          "%s: the model takes %s images, %s has %s"
              .formatted(file, Arrays.toString(model.inputShape()), base.dataName(),
                  Arrays.toString(image)));
    }
    if (!Arrays.equals(model.outputShape(), new int[] {sets.classNames().size()})) {
      throw new IllegalArgumentException(
          "%s: the model gives %s outputs, %s has %d classes"
              .formatted(file, Arrays.toString(model.outputShape()), base.dataName(),
                  sets.classNames().size()));
    }
    Path folder = RunFolder.createOrUseEmpty(output);
    // A run of no epochs yet: train --resume trains it further with the default preset's settings.
    if (data != null) {
      base = base.withImageFolder(data, base.imageFolder().withClassNames(sets.classNames()));
    }
    TrainingConfig config = base.withEpochs(1).withOutputDir(folder);
    Optimizer optimizer = config.optimizer().create(config.learningRate());
    TrainingHistory history = new TrainingHistory();
    Evaluation test = Evaluation.of(model, sets.test(), sets.classNames());
    Checkpoint.save(folder.resolve(Checkpoint.FILE_NAME), config, model, optimizer, history);
    MetricsFile.write(folder, config, sets, model, history, test);

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "imported %s (%s input, %d layers, %,d parameters)%n",
        file, imported.inputLayout(), model.layers().size(), model.parameterCount());
    for (String note : imported.notes()) {
      out.println("note: " + note);
    }
    out.printf(
        "test accuracy %s (%,d of %,d test images)%n",
        EvaluationTables.percent(test.accuracy()), test.correct(), test.examples());
    out.printf("wrote %s and %s in %s%n", Checkpoint.FILE_NAME, MetricsFile.FILE_NAME, folder);
    return 0;
  }
}
