package org.convnet4j.keras;

import com.fasterxml.jackson.databind.JsonNode;

/** How values from a model file are quoted in error messages: compact, one line, not too long. */
final class Values {

  private static final int MAX_LENGTH = 60;

  private Values() {}

  /** {@code [2,2]}, {@code "selu"}, {@code null}, shortened with "..." past 60 characters. */
  static String show(JsonNode value) {
    return shorten(value.toString());
  }

  /** The text itself, on one line and shortened with "..." past 60 characters. */
  static String shorten(String text) {
    String line = text.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "...";
  }
}
