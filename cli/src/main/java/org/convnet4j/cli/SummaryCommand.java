package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.Preset;
import org.convnet4j.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convnet4j summary}: the layers of a model, with and without weight sharing. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the model's summary table: each layer's output shape, its parameters, and the"
          + " parameters it would need without weight sharing, with totals.",
      "Without --model or --model-file: the tutorial's network that train builds.",
    })
final class SummaryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "A checkpoint (or run folder) whose model to describe.")
  private Path checkpoint;

  @Option(
      names = "--model-file",
      paramLabel = "FILE",
      description = "A Keras model file (or a run folder, for its model.json) to describe.")
  private Path modelFile;

  @Override
  public Integer call() throws IOException {
    if (checkpoint != null && modelFile != null) {
      throw new IllegalArgumentException("give --model or --model-file, not both");
    }
    Sequential model;
    if (checkpoint != null) {
      model = SavedModel.load(checkpoint).model();
    } else if (modelFile != null) {
      model = ModelJson.read(modelFile).build(TrainingConfig.DEFAULT_SEED);
    } else {
      model = Preset.DEFAULT.model(TrainingConfig.DEFAULT_SEED);
    }
    spec.commandLine().getOut().print(model.summary());
    return 0;
  }
}
