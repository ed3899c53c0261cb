package org.convnet4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * A pooling layer: {@link MaxPool2D} or {@link AvgPool2D}. No weights; each channel is pooled on
 * its own.
 *
 * <p>Shapes: input {@code [n, h, w, c]}, output {@code [n, oh, ow, c]} with {@code oh, ow} from the
 * padding's output-size formula.
 */
public abstract sealed class Pool2D extends Layer permits MaxPool2D, AvgPool2D {

  private final Window window;
  private final int[] ksize;
  private final int[] strides;

  Pool2D(Window window) {
    if (window == null) {
      throw new IllegalArgumentException(type().displayName() + ": window is missing");
    }
    this.window = window;
    this.ksize = window.ksize();
    this.strides = window.strides();
  }

  /** Pool size, strides and padding. */
  public Window window() {
    return window;
  }

  /** TensorFlow's {@code ksize} {@code [1, kh, kw, 1]}, made once for every forward pass. */
  final int[] ksize() {
    return ksize;
  }

  /** TensorFlow's {@code strides} {@code [1, sh, sw, 1]}, made once for every forward pass. */
  final int[] strides() {
    return strides;
  }

  @Override
  protected final int[] buildFor(int[] inputShape, RandomGenerator random) {
    Pool2dGeometry g = window.pooling(name(), inputShape);
    return new int[] {g.oh(), g.ow(), g.c()};
  }

  @Override
  protected final Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    window.putSettings(s, "pool");
    return s;
  }
}
