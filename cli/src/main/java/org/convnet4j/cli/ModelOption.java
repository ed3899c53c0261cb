package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The required {@code --model FILE} of the commands that use a trained model (a mixin). */
final class ModelOption {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description = "A checkpoint (model.ckpt) or the run folder holding it.")
  private Path file;

  SavedModel load() throws IOException {
    return SavedModel.load(file);
  }
}
