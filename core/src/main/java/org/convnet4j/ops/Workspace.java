package org.convnet4j.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Arrays for the intermediate results of a computation that repeats with the same shapes, such as
 * a training step, handed out again on every repetition instead of being allocated afresh. While a
 * workspace is open on a thread, the ops run there, and the tape's gradients, take their arrays
 * from it; {@link #close()} takes them all back for the next repetition.
 *
 * <p>Tensors stay immutable to users because a workspace is opened only around code that lets no
 * tensor escape: every tensor made while it is open must be dropped by the time it closes. The
 * training step ({@code train.TrainingStep}) opens one around its forward pass, gradients and
 * update, and returns plain numbers. Outside an open workspace the ops allocate as usual.
 *
 * <p>An array is handed out for an exact length, so a repetition with the same shapes allocates
 * nothing. Arrays a repetition did not ask for (the previous batch size, say) are dropped when it
 * closes, so a workspace holds one repetition's arrays at most.
 */
public final class Workspace {

  private static final ThreadLocal<Workspace> OPEN = new ThreadLocal<>();

  private final Pool<float[]> floats = new Pool<>();
  private final Pool<int[]> ints = new Pool<>();
  private Workspace enclosing;
  private boolean open;

  /**
   * Makes the ops on this thread take their arrays from this workspace until {@link #close()}.
   *
   * @throws IllegalStateException if it is open already
   */
  public void open() {
    if (open) {
      throw new IllegalStateException("Workspace: open already");
    }
    open = true;
    enclosing = OPEN.get();
    OPEN.set(this);
  }

  /**
   * Takes back every array handed out since {@link #open()}, and restores the workspace that was
   * open before, if any. Tensors made in between must no longer be used.
   */
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    OPEN.set(enclosing);
    enclosing = null;
    floats.recycle();
    ints.recycle();
  }

  /** A float array of {@code length} whose contents are undefined: the caller overwrites it all. */
  public static float[] floats(int length) {
    Workspace w = OPEN.get();
    if (w == null) {
      return new float[length];
    }
    float[] a = w.floats.take(length, Workspace::floatLength);
    return a != null ? a : w.floats.lend(new float[length]);
  }

  /** A float array of {@code length} zeros. */
  public static float[] zeros(int length) {
    Workspace w = OPEN.get();
    if (w == null) {
      return new float[length];
    }
    float[] a = w.floats.take(length, Workspace::floatLength);
    if (a == null) {
      return w.floats.lend(new float[length]);
    }
    Arrays.fill(a, 0f);
    return a;
  }

  /** A copy of {@code source}. */
  public static float[] copyOf(float[] source) {
    float[] copy = floats(source.length);
    System.arraycopy(source, 0, copy, 0, source.length);
    return copy;
  }

  /** An int array of {@code length} whose contents are undefined: the caller overwrites it all. */
  static int[] ints(int length) {
    Workspace w = OPEN.get();
    if (w == null) {
      return new int[length];
    }
    int[] a = w.ints.take(length, Workspace::intLength);
    return a != null ? a : w.ints.lend(new int[length]);
  }

  private static int floatLength(float[] a) {
    return a.length;
  }

  private static int intLength(int[] a) {
    return a.length;
  }

  /** Arrays of one element type: those lent out in this repetition and those free to lend. */
  private static final class Pool<A> {
    private final List<A> lent = new ArrayList<>();
    private final List<A> free = new ArrayList<>();

    // The first free array of the length, in the order of the last repetition: a repetition
    // asking for the same lengths in the same order gets the same arrays in the same places. A
    // linear scan, as a training step asks for a few dozen arrays.
    A take(int length, ToIntFunction<A> lengthOf) {
      for (int i = 0; i < free.size(); i++) {
        if (lengthOf.applyAsInt(free.get(i)) == length) {
          return lend(free.remove(i));
        }
      }
      return null;
    }

    A lend(A array) {
      lent.add(array);
      return array;
    }

    // What this repetition did not ask for is dropped, so changing shapes do not pile up arrays.
    void recycle() {
      free.clear();
      free.addAll(lent);
      lent.clear();
    }
  }
}
