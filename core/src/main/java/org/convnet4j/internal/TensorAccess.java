package org.convnet4j.internal;

import org.convnet4j.Tensor;

/**
 * Zero-copy access to a {@link Tensor}'s backing array, for the library's own ops and layers.
 * Not part of the public API: code outside convnet4j should use {@link Tensor#toFloatArray()}
 * and {@link Tensor#of}. Tensors stay immutable because library code only wraps arrays it has
 * just filled and never writes into an array it read from a tensor.
 */
public final class TensorAccess {

  /** Implemented by {@link Tensor}, which installs it when its class initialises. */
  public interface Bridge {
    float[] data(Tensor t);

    Tensor wrap(float[] data, int[] shape);
  }

  private static Bridge bridge;

  private TensorAccess() {}

  /** Called once, by {@link Tensor}'s static initialiser. */
  public static void install(Bridge b) {
    if (bridge != null) {
      throw new IllegalStateException("TensorAccess is installed already");
    }
    bridge = b;
  }

  /** The backing array of {@code t}; callers must not write into it. */
  public static float[] data(Tensor t) {
    return bridge.data(t);
  }

  /** A tensor over {@code data} without copying it; the caller hands the array over. */
  public static Tensor wrap(float[] data, int... shape) {
    if (bridge == null) {
      Tensor.scalar(0f); // initialises Tensor, which installs the bridge
    }
    if (data.length != sizeOf(shape)) {
      throw new IllegalArgumentException(
          "wrap: %d values do not fill shape %s".formatted(data.length, java.util.Arrays.toString(shape)));
    }
    return bridge.wrap(data, shape);
  }

  private static long sizeOf(int[] shape) {
    long s = 1;
    for (int d : shape) {
      s *= d;
    }
    return s;
  }
}
