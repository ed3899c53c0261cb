package org.convnet4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.keras.KerasModel;
import org.convnet4j.keras.KerasModelFile;
import org.convnet4j.nn.Sequential;

/**
 * Model files for the commands: {@code --model-file} reads a Keras model file, and every run folder
 * gets {@value #FILE_NAME}, the architecture it trained, in the same format.
 */
final class ModelJson {

  /** The architecture's file in a run folder. */
  static final String FILE_NAME = "model.json";

  private ModelJson() {}

  /**
   * Reads the Keras model file {@code path}, or the {@value #FILE_NAME} of a run folder.
   *
   * @throws IOException if there is no such file or it is not a model convnet4j can build
   */
  static KerasModel read(Path path) throws IOException {
    return KerasModelFile.read(Files.isDirectory(path) ? path.resolve(FILE_NAME) : path);
  }

  /** Writes {@code model}'s architecture into {@code folder}, atomically. */
  static void write(Path folder, Sequential model) throws IOException {
    AtomicFiles.write(
        folder.resolve(FILE_NAME), KerasModelFile.toJson(model).getBytes(StandardCharsets.UTF_8));
  }
}
