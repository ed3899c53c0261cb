package org.convnet4j.onnx;

import java.io.IOException;

/**
 * An ONNX file convnet4j cannot read: not ONNX, damaged or truncated, or a graph with an op or
 * attribute convnet4j cannot honour. The message is one line naming the file and, where there is
 * one, the node, its op and the attribute.
 */
public final class OnnxException extends IOException {

  /** An exception with a one-line message. */
  public OnnxException(String message) {
    super(oneLine(message));
  }

  /** An exception with a one-line message and what caused it. */
  public OnnxException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  // Names come from the file: a damaged one may hold line breaks or control characters in them.
  private static String oneLine(String message) {
    StringBuilder sb = new StringBuilder(message.length());
    message.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }
}
