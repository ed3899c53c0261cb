package org.convnet4j.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small helpers for shapes without the batch dimension. */
final class Shapes {

  private Shapes() {}

  /** The dimensions joined by {@code separator}: {@code 28x28x1} or {@code 28, 28, 1}. */
  static String format(int[] shape, String separator) {
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(separator));
  }

  /** Checks that {@code shape} is {@code [h, w, c]}, as image layers need. */
  static void requireImage(String layer, int[] shape) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(
          "%s: expected an image input [height, width, channels], got %s"
              .formatted(layer, Arrays.toString(shape)));
    }
  }
}
