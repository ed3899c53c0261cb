package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be used: unreadable, damaged, truncated, not an image, or too large.
 * The message is one line that starts with the file's path.
 */
public final class BadImageException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  BadImageException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** The file. */
  public Path file() {
    return file;
  }
}
