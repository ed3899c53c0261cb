package org.convnet4j.ops;

import java.util.Arrays;
import org.convnet4j.Tensor;

/**
 * The hook between the ops and the autodiff tape: which recorders are active on this thread, and
 * whether an op's inputs are tracked by one of them. An op records a {@link Node} only when an
 * active recorder tracks one of its inputs, so inference, and ops on untracked tensors such as the
 * input images, cost nothing extra.
 */
public final class Recording {

  /** Something that records ops, the autodiff tape. */
  public interface Recorder {
    /** Whether {@code t} is watched, or the output of an op this recorder recorded. */
    boolean tracks(Tensor t);

    /** Records {@code node}, whose inputs include a tensor this recorder tracks. */
    void record(Node node);
  }

  private static final Recorder[] NONE = {};
  private static final ThreadLocal<Recorder[]> ACTIVE = ThreadLocal.withInitial(() -> NONE);

  private Recording() {}

  /** Makes {@code r} record the ops this thread runs, until {@link #stop}. */
  public static void start(Recorder r) {
    Recorder[] active = ACTIVE.get();
    Recorder[] more = Arrays.copyOf(active, active.length + 1);
    more[active.length] = r;
    ACTIVE.set(more);
  }

  /** Stops {@code r} recording on this thread; does nothing if it is not recording here. */
  public static void stop(Recorder r) {
    Recorder[] active = ACTIVE.get();
    for (int i = 0; i < active.length; i++) {
      if (active[i] == r) {
        Recorder[] fewer = new Recorder[active.length - 1];
        System.arraycopy(active, 0, fewer, 0, i);
        System.arraycopy(active, i + 1, fewer, i, active.length - i - 1);
        ACTIVE.set(fewer.length == 0 ? NONE : fewer);
        return;
      }
    }
  }

  /** Whether an active recorder tracks {@code a}. */
  static boolean tracked(Tensor a) {
    for (Recorder r : ACTIVE.get()) {
      if (r.tracks(a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an active recorder tracks {@code a} or {@code b}. */
  static boolean tracked(Tensor a, Tensor b) {
    for (Recorder r : ACTIVE.get()) {
      if (r.tracks(a) || r.tracks(b)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an active recorder tracks {@code a}, {@code b} or {@code c}. */
  static boolean tracked(Tensor a, Tensor b, Tensor c) {
    for (Recorder r : ACTIVE.get()) {
      if (r.tracks(a) || r.tracks(b) || r.tracks(c)) {
        return true;
      }
    }
    return false;
  }

  /** Hands {@code node} to every active recorder that tracks one of its inputs. */
  static void record(Node node) {
    Tensor[] inputs = node.inputs();
    for (Recorder r : ACTIVE.get()) {
      for (Tensor in : inputs) {
        if (r.tracks(in)) {
          r.record(node);
          break;
        }
      }
    }
  }
}
