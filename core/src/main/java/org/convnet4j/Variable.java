package org.convnet4j;

import java.util.Arrays;
import org.convnet4j.internal.TensorAccess;

/**
 * A named, trainable tensor whose value optimizers update in place, like TensorFlow's {@code
 * tf.Variable}. {@link #value()} always returns the same tensor object, a live view of the
 * current value, so a {@link GradientTape} can watch it and {@code tape.gradient(loss,
 * variable.value())} finds it; copy it with {@link Tensor#toFloatArray()} to keep a snapshot.
 */
public final class Variable {

  private final String name;
  private final float[] data;
  private final Tensor view;

  /** A variable holding a copy of {@code initial}. */
  public Variable(String name, Tensor initial) {
    this.name = name;
    this.data = initial.toFloatArray();
    this.view = TensorAccess.wrap(data, initial.shape());
  }

  /** The name, unique within a model (for example {@code conv2d_1/kernel}). */
  public String name() {
    return name;
  }

  /** The live value: the same object on every call. */
  public Tensor value() {
    return view;
  }

  /** The shape, a copy. */
  public int[] shape() {
    return view.shape();
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /**
   * Overwrites the value with {@code t}'s elements.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public void assign(Tensor t) {
    if (!Arrays.equals(t.shape(), view.shape())) {
      throw new IllegalArgumentException(
          "Variable.assign: %s has shape %s, got %s"
              .formatted(name, Arrays.toString(view.shape()), Arrays.toString(t.shape())));
    }
    System.arraycopy(TensorAccess.data(t), 0, data, 0, data.length);
  }

  @Override
  public String toString() {
    return "Variable " + name + " " + Arrays.toString(view.shape());
  }
}
