package org.convnet4j.nn;

import java.util.Map;
import java.util.function.Supplier;
import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * Where a convolution or pooling window goes: its size, its strides and the padding. Shared by
 * {@link Conv2D}, {@link LocallyConnected2D}, {@link MaxPool2D} and {@link AvgPool2D}.
 *
 * @param height window (kernel) height
 * @param width window (kernel) width
 * @param strideHeight step between windows down the image
 * @param strideWidth step between windows across the image
 * @param padding SAME, VALID or explicit
 */
public record Window(int height, int width, int strideHeight, int strideWidth, Padding padding) {

  public Window {
    if (height < 1 || width < 1 || strideHeight < 1 || strideWidth < 1) {
      throw new IllegalArgumentException(
          "window: size and strides must be at least 1, got %dx%d with strides %dx%d"
              .formatted(height, width, strideHeight, strideWidth));
    }
    if (padding == null) {
      throw new IllegalArgumentException("window: padding is missing");
    }
  }

  /** A square window with the same stride both ways. */
  public static Window square(int size, int stride, Padding padding) {
    return new Window(size, size, stride, stride, padding);
  }

  /** TensorFlow's 4-element {@code ksize}: {@code [1, height, width, 1]}. */
  int[] ksize() {
    return new int[] {1, height, width, 1};
  }

  /** TensorFlow's 4-element {@code strides}: {@code [1, strideHeight, strideWidth, 1]}. */
  int[] strides() {
    return new int[] {1, strideHeight, strideWidth, 1};
  }

  /** The convolution geometry for one {@code [h, w, cin]} example and {@code cout} filters. */
  Conv2dGeometry convolution(String layer, int[] in, int cout) {
    return forLayer(
        layer,
        in,
        () ->
            Conv2dGeometry.of(
                1, in[0], in[1], in[2], height, width, cout, strideHeight, strideWidth, padding));
  }

  /** The pooling geometry for one {@code [h, w, c]} example. */
  Pool2dGeometry pooling(String layer, int[] in) {
    return forLayer(
        layer,
        in,
        () ->
            Pool2dGeometry.of(
                1, in[0], in[1], in[2], height, width, strideHeight, strideWidth, padding));
  }

  // The geometry's own errors do not know which layer asked; prefix its name.
  private static <G> G forLayer(String layer, int[] inputShape, Supplier<G> geometry) {
    Shapes.requireImage(layer, inputShape);
    try {
      return geometry.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(layer + ": " + e.getMessage(), e);
    }
  }

  /** Adds {@code kernel}, {@code strides} and {@code padding} entries to a layer's settings. */
  void putSettings(Map<String, String> settings, String sizeKey) {
    settings.put(sizeKey, height + "x" + width);
    settings.put("strides", strideHeight + "x" + strideWidth);
    settings.put("padding", formatPadding(padding));
  }

  /** Reads back what {@link #putSettings} wrote. */
  static Window fromSettings(Map<String, String> settings, String sizeKey) {
    int[] size = LayerSpec.parsePair(settings, sizeKey);
    int[] strides = LayerSpec.parsePair(settings, "strides");
    return new Window(
        size[0], size[1], strides[0], strides[1], parsePadding(LayerSpec.get(settings, "padding")));
  }

  private static String formatPadding(Padding p) {
    return p instanceof Padding.Explicit(int top, int bottom, int left, int right)
        ? "%d,%d,%d,%d".formatted(top, bottom, left, right)
        : p.toString();
  }

  private static Padding parsePadding(String text) {
    String[] parts = text.split(",");
    if (parts.length == 4) {
      try {
        return Padding.explicit(
            Integer.parseInt(parts[0]),
            Integer.parseInt(parts[1]),
            Integer.parseInt(parts[2]),
            Integer.parseInt(parts[3]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("padding: expected four integers, got '" + text + "'");
      }
    }
    return Padding.parse(text);
  }
}
