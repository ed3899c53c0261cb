package org.convnet4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Small model files written by hand, and the ones in the test resources. */
final class ModelFiles {

  private ModelFiles() {}

  /** A Keras 2 Sequential model: an InputLayer of {@code batchShape}, then {@code layers}. */
  static String sequential(String batchShape, String... layers) {
    return """
    {"class_name": "Sequential", "config": {"name": "m", "layers": [
      {"class_name": "InputLayer", "config": {"batch_input_shape": %s, "name": "in"}}%s]}}
    """
        .formatted(batchShape, layers.length == 0 ? "" : ",\n  " + String.join(",\n  ", layers));
  }

  /** One layer: {@code {"class_name": className, "config": {config}}}. */
  static String layer(String className, String config) {
    return "{\"class_name\": \"%s\", \"config\": {%s}}".formatted(className, config);
  }

  /** A model file of the test resources ({@code models/NAME}). */
  static byte[] resource(String name) {
    try (InputStream in = ModelFiles.class.getResourceAsStream("/models/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource models/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
