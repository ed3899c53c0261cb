package org.convnet4j.nn;

import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;

/**
 * Makes the initial value of a variable. A layer passes the fan-in and fan-out of its kernel (for a
 * convolution {@code kh * kw * cin} and {@code kh * kw * cout}, for a dense layer its input and
 * output sizes), which the variance-scaling initializers need.
 *
 * <p>The factories return records ({@link Zeros}, {@link RandomNormal}, {@link TruncatedNormal},
 * {@link GlorotUniform}, {@link HeNormal}), so that a model's description (a Keras model file) can
 * say how its weights started; any other implementation, a lambda included, works as well.
 */
@FunctionalInterface
public interface Initializer {

  /** A tensor of the given shape, drawn from {@code random}. */
  Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape);

  /** All zeros, the usual bias initializer. */
  static Initializer zeros() {
    return new Zeros();
  }

  /**
   * Normal samples, TensorFlow's {@code tf.random_normal}; the tutorial initialises every weight
   * and bias with {@code randomNormal(0, 1)}.
   */
  static Initializer randomNormal(float mean, float stddev) {
    return new RandomNormal(mean, stddev);
  }

  /** TensorFlow's {@code tf.truncated_normal} around 0: samples beyond two stddevs are redrawn. */
  static Initializer truncatedNormal(float stddev) {
    return new TruncatedNormal(stddev);
  }

  /** Glorot (Xavier) uniform, Keras' default: uniform in {@code ±sqrt(6 / (fanIn + fanOut))}. */
  static Initializer glorotUniform() {
    return new GlorotUniform();
  }

  /**
   * He normal, as Keras defines it: a truncated normal whose standard deviation, after the
   * truncation at two stddevs, is {@code sqrt(2 / fanIn)}.
   */
  static Initializer heNormal() {
    return new HeNormal();
  }

  /** {@link #zeros()}. */
  record Zeros() implements Initializer {
    @Override
    public Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape) {
      return Tensor.zeros(shape);
    }
  }

  /** {@link #randomNormal(float, float)}. */
  record RandomNormal(float mean, float stddev) implements Initializer {
    public RandomNormal {
      requirePositive("randomNormal", stddev);
    }

    @Override
    public Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape) {
      return Tensor.randomNormal(random, mean, stddev, shape);
    }
  }

  /** {@link #truncatedNormal(float)}. */
  record TruncatedNormal(float stddev) implements Initializer {
    public TruncatedNormal {
      requirePositive("truncatedNormal", stddev);
    }

    @Override
    public Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape) {
      return Tensor.truncatedNormal(random, 0f, stddev, shape);
    }
  }

  /** {@link #glorotUniform()}. */
  record GlorotUniform() implements Initializer {
    @Override
    public Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape) {
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      return Tensor.randomUniform(random, -limit, limit, shape);
    }
  }

  /** {@link #heNormal()}. */
  record HeNormal() implements Initializer {
    @Override
    public Tensor initialize(RandomGenerator random, int fanIn, int fanOut, int... shape) {
      // A normal truncated at ±2 has standard deviation 0.87962566 times the untruncated one.
      return Tensor.truncatedNormal(
          random, 0f, (float) (Math.sqrt(2.0 / fanIn) / 0.87962566103423978), shape);
    }
  }

  private static void requirePositive(String initializer, float stddev) {
    if (!(stddev > 0) || Float.isInfinite(stddev)) {
      throw new IllegalArgumentException(
          "%s: stddev must be positive and finite, got %s".formatted(initializer, stddev));
    }
  }
}
