package org.convnet4j.train;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be used: not a checkpoint, damaged, or for another model. */
public final class CheckpointException extends IOException {

  private final transient Path file;

  /** {@code problem} says what is wrong; the message names the file first. */
  public CheckpointException(Path file, String problem) {
    super("checkpoint %s: %s".formatted(file, problem));
    this.file = file;
  }

  /** The same, with the exception that revealed the problem. */
  public CheckpointException(Path file, String problem, Throwable cause) {
    super("checkpoint %s: %s".formatted(file, problem), cause);
    this.file = file;
  }

  /** The checkpoint file. */
  public Path file() {
    return file;
  }
}
