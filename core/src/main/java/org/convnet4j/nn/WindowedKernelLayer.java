package org.convnet4j.nn;

import java.util.Map;

/**
 * A kernel layer that slides a window over an image: {@link Conv2D} with shared weights and {@link
 * LocallyConnected2D} without.
 */
public abstract sealed class WindowedKernelLayer extends KernelLayer
    permits Conv2D, LocallyConnected2D {

  private final Window window;
  private final int[] strides;

  WindowedKernelLayer(int filters, Window window, Activation activation) {
    super("filters", filters, activation);
    if (window == null) {
      throw new IllegalArgumentException(type().displayName() + ": window is missing");
    }
    this.window = window;
    this.strides = window.strides();
  }

  /** Number of filters, the output depth. */
  public int filters() {
    return outputCount();
  }

  /** Kernel size, strides and padding. */
  public Window window() {
    return window;
  }

  /** The window's TensorFlow strides {@code [1, sh, sw, 1]}, made once for every forward pass. */
  final int[] strides() {
    return strides;
  }

  @Override
  final void putWindowSettings(Map<String, String> settings) {
    window.putSettings(settings, "kernel");
  }
}
