package org.convnet4j;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.convnet4j.internal.TensorAccess;

/**
 * A dense, row-major tensor of 32-bit floats, of any rank. Immutable: operations return new
 * tensors, and {@link #toFloatArray()} returns a copy.
 *
 * <p>Images use TensorFlow's NHWC layout {@code [batch, height, width, channels]} and filters
 * {@code [filterHeight, filterWidth, inChannels, outChannels]}.
 */
public final class Tensor {

  static {
    TensorAccess.install(
        new TensorAccess.Bridge() {
          @Override
          public float[] data(Tensor t) {
            return t.data;
          }

          @Override
          public Tensor wrap(float[] data, int[] shape) {
            return new Tensor(data, shape.clone());
          }
        });
  }

  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * A tensor holding a copy of {@code data} with the given shape.
   *
   * @throws IllegalArgumentException if a dimension is below 1 or the sizes disagree
   */
  public static Tensor of(float[] data, int... shape) {
    int size = checkedSize("Tensor.of", shape);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "Tensor.of: shape %s holds %d values but %d were given"
              .formatted(Arrays.toString(shape), size, data.length));
    }
    return new Tensor(data.clone(), shape.clone());
  }

  /** A scalar (rank 0) tensor. */
  public static Tensor scalar(float value) {
    return new Tensor(new float[] {value}, new int[0]);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[checkedSize("Tensor.zeros", shape)], shape.clone());
  }

  /** A tensor of ones. */
  public static Tensor ones(int... shape) {
    return fill(1f, shape);
  }

  /** A tensor with every element equal to {@code value}. */
  public static Tensor fill(float value, int... shape) {
    float[] d = new float[checkedSize("Tensor.fill", shape)];
    Arrays.fill(d, value);
    return new Tensor(d, shape.clone());
  }

  /** Normal samples with the given mean and standard deviation, reproducible from {@code seed}. */
  public static Tensor randomNormal(long seed, float mean, float stddev, int... shape) {
    return randomNormal(new SplittableRandom(seed), mean, stddev, shape);
  }

  /** Normal samples with the given mean and standard deviation, drawn from {@code random}. */
  public static Tensor randomNormal(
      RandomGenerator random, float mean, float stddev, int... shape) {
    float[] d = new float[checkedSize("Tensor.randomNormal", shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (mean + stddev * random.nextGaussian());
    }
    return new Tensor(d, shape.clone());
  }

  /**
   * TensorFlow's {@code truncated_normal}: normal samples, redrawn while they fall more than two
   * standard deviations from the mean.
   */
  public static Tensor truncatedNormal(long seed, float mean, float stddev, int... shape) {
    return truncatedNormal(new SplittableRandom(seed), mean, stddev, shape);
  }

  /** {@link #truncatedNormal(long, float, float, int...)} drawing from {@code random}. */
  public static Tensor truncatedNormal(
      RandomGenerator random, float mean, float stddev, int... shape) {
    float[] d = new float[checkedSize("Tensor.truncatedNormal", shape)];
    for (int i = 0; i < d.length; i++) {
      double z;
      do {
        z = random.nextGaussian();
      } while (Math.abs(z) > 2.0);
      d[i] = (float) (mean + stddev * z);
    }
    return new Tensor(d, shape.clone());
  }

  /** Uniform samples in {@code [min, max)}, reproducible from {@code seed}. */
  public static Tensor randomUniform(long seed, float min, float max, int... shape) {
    return randomUniform(new SplittableRandom(seed), min, max, shape);
  }

  /** Uniform samples in {@code [min, max)} drawn from {@code random}. */
  public static Tensor randomUniform(RandomGenerator random, float min, float max, int... shape) {
    if (!(min < max)) {
      throw new IllegalArgumentException(
          "Tensor.randomUniform: min must be below max, got min=%s max=%s".formatted(min, max));
    }
    float[] d = new float[checkedSize("Tensor.randomUniform", shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (min + (max - min) * random.nextDouble());
    }
    return new Tensor(d, shape.clone());
  }

  /** The dimensions, a copy. */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code axis}; a negative axis counts from the end. */
  public int dim(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException(
          "Tensor.dim: axis %d is out of range for rank %d".formatted(axis, shape.length));
    }
    return shape[a];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** The elements in row-major order, a copy. */
  public float[] toFloatArray() {
    return data.clone();
  }

  /** The element at the given indices, one per dimension. */
  public float get(int... indices) {
    if (indices.length != shape.length) {
      throw new IllegalArgumentException(
          "Tensor.get: expected %d indices for shape %s, got %d"
              .formatted(shape.length, Arrays.toString(shape), indices.length));
    }
    int offset = 0;
    for (int i = 0; i < shape.length; i++) {
      if (indices[i] < 0 || indices[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "Tensor.get: index %s is outside shape %s"
                .formatted(Arrays.toString(indices), Arrays.toString(shape)));
      }
      offset = offset * shape[i] + indices[i];
    }
    return data[offset];
  }

  /** The single value of a tensor with one element (a scalar, or any shape of size 1). */
  public float item() {
    if (data.length != 1) {
      throw new IllegalArgumentException(
          "Tensor.item: tensor of shape %s has %d elements, expected 1"
              .formatted(Arrays.toString(shape), data.length));
    }
    return data[0];
  }

  /**
   * The same elements with another shape. One dimension may be {@code -1}, meaning whatever size
   * makes the element count match (TensorFlow's {@code reshape}).
   */
  public Tensor reshape(int... newShape) {
    int[] s = newShape.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (s[i] < 1) {
        throw new IllegalArgumentException(
            "reshape: dimensions must be at least 1 (or one -1), got %s"
                .formatted(Arrays.toString(newShape)));
      } else {
        known *= s[i];
      }
    }
    if (inferred >= 0) {
      if (data.length % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape %d elements of %s into %s"
                .formatted(data.length, Arrays.toString(shape), Arrays.toString(newShape)));
      }
      s[inferred] = (int) (data.length / known);
      known *= s[inferred];
    }
    if (known != data.length) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape %d elements of %s into %s"
              .formatted(data.length, Arrays.toString(shape), Arrays.toString(newShape)));
    }
    return new Tensor(data, s);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
    int shown = Math.min(data.length, 8);
    sb.append('[');
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ", ").append(data[i]);
    }
    return sb.append(data.length > shown ? ", ...]" : "]").toString();
  }

  private static int checkedSize(String op, int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "%s: every dimension must be at least 1, got shape %s"
                .formatted(op, Arrays.toString(shape)));
      }
      size *= d;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "%s: shape %s has more elements than one array can hold"
                .formatted(op, Arrays.toString(shape)));
      }
    }
    return (int) size;
  }
}
