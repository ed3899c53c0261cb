package org.convnet4j.keras;

import java.io.IOException;

/**
 * A model file convnet4j cannot use: not JSON, not a Keras Sequential model, or a layer, key or
 * value convnet4j cannot honour. The message is one line naming the file first, then the layer and
 * the key: {@code model file net.json: layer 'conv2d' (Conv2D): dilation_rate: convnet4j convolves
 * without dilation; expected 1 or [1, 1], got [2,2]}.
 */
public final class ModelFileException extends IOException {

  private final String source;

  /** {@code problem} says what is wrong in {@code source} (a file name, or "model JSON"). */
  public ModelFileException(String source, String problem) {
    super("model file %s: %s".formatted(source, problem));
    this.source = source;
  }

  /** The same, with the exception that revealed the problem. */
  public ModelFileException(String source, String problem, Throwable cause) {
    super("model file %s: %s".formatted(source, problem), cause);
    this.source = source;
  }

  /** The file (or the description of the text) the problem is in. */
  public String source() {
    return source;
  }
}
