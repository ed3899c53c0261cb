package org.convnet4j.cli;

import java.util.Arrays;
import org.convnet4j.Padding;
import picocli.CommandLine.Option;

/**
 * The sizes of one convolution step as options: {@code --input 7x7x1 --filter 3x3 --stride 2
 * --padding SAME}. A picocli mixin, so every command that takes them spells them the same way.
 */
final class ConvolutionSizes {

  @Option(
      names = "--input",
      paramLabel = "HxW[xC]",
      description = "Input height, width and channels, e.g. 7x7x1 (channels default to 1).")
  private String input;

  @Option(
      names = "--filter",
      paramLabel = "KHxKW",
      description = "Filter (window) height and width, e.g. 3x3.")
  private String filter;

  @Option(
      names = "--stride",
      defaultValue = "1",
      paramLabel = "S|SHxSW",
      description =
          "Stride, one number for both axes or height x width (default: ${DEFAULT-VALUE}).")
  private String stride;

  @Option(
      names = "--padding",
      defaultValue = "SAME",
      paramLabel = "SAME|VALID|P",
      description =
          "SAME, VALID or an explicit amount P on every side (default: ${DEFAULT-VALUE}).")
  private String padding;

  /** Input {@code {h, w, c}}. */
  int[] inputSize() {
    int[] size = parse("--input", input, 2, 3);
    return size.length == 3 ? size : new int[] {size[0], size[1], 1};
  }

  /** Filter {@code {kh, kw}}. */
  int[] filterSize() {
    return parse("--filter", filter, 2, 2);
  }

  /** Stride {@code {strideH, strideW}}. */
  int[] strides() {
    int[] size = parse("--stride", stride, 1, 2);
    return size.length == 2 ? size : new int[] {size[0], size[0]};
  }

  Padding padding() {
    return Padding.parse(padding);
  }

  // "7x7x1" -> {7, 7, 1}: between minParts and maxParts positive integers joined by 'x'.
  static int[] parse(String option, String text, int minParts, int maxParts) {
    if (text == null) {
      throw new IllegalArgumentException(option + " is required");
    }
    String[] parts = text.trim().toLowerCase().split("x", -1);
    int[] values = new int[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        values[i] = Integer.parseInt(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      values = new int[0];
    }
    if (parts.length < minParts
        || parts.length > maxParts
        || values.length != parts.length
        || Arrays.stream(values).anyMatch(v -> v < 1)) {
      String expected = minParts == maxParts ? minParts + "" : minParts + " to " + maxParts;
      throw new IllegalArgumentException(
          "%s: expected %s positive whole numbers joined by 'x' (like 7x7x1), got '%s'"
              .formatted(option, expected, text));
    }
    return values;
  }
}
