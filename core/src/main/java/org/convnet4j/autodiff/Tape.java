package org.convnet4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.ops.Node;
import org.convnet4j.ops.Recording;
import org.convnet4j.ops.Workspace;

/**
 * Records the ops applied to watched tensors, and replays their gradient rules in reverse. Tensors
 * are told apart by identity. Behind {@link org.convnet4j.GradientTape}, which is the public face.
 */
public final class Tape implements Recording.Recorder {

  private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Node> nodes = new ArrayList<>();
  private boolean recording;

  /** Starts recording this thread's ops. */
  public void start() {
    if (!recording) {
      recording = true;
      Recording.start(this);
    }
  }

  /** Stops recording; what was recorded stays available to {@link #gradient}. */
  public void stop() {
    if (recording) {
      recording = false;
      Recording.stop(this);
    }
  }

  /** Tracks {@code t}: ops applied to it from now on are recorded. */
  public void watch(Tensor t) {
    tracked.add(Objects.requireNonNull(t, "GradientTape.watch: tensor is null"));
  }

  @Override
  public boolean tracks(Tensor t) {
    return tracked.contains(t);
  }

  @Override
  public void record(Node node) {
    nodes.add(node);
    tracked.add(node.output());
  }

  /** Number of ops recorded so far. */
  public int size() {
    return nodes.size();
  }

  /**
   * The gradient of the sum of {@code target}'s elements with respect to each source, in order,
   * each shaped like its source; zeros for a source {@code target} does not depend on through
   * recorded ops.
   */
  public Tensor[] gradient(Tensor target, Tensor... sources) {
    Objects.requireNonNull(target, "GradientTape.gradient: target is null");
    // Sources this tape tracks; the others (never watched) get zeros.
    Set<Tensor> wanted = identitySet();
    for (Tensor s : sources) {
      Objects.requireNonNull(s, "GradientTape.gradient: a source is null");
      if (tracked.contains(s)) {
        wanted.add(s);
      }
    }
    // Forward pass over the record: which tensors depend on a source, so need a gradient.
    Set<Tensor> needed = identitySet();
    needed.addAll(wanted);
    for (Node node : nodes) {
      for (Tensor in : node.inputs()) {
        if (needed.contains(in)) {
          needed.add(node.output());
          break;
        }
      }
    }
    Map<Tensor, Accumulator> grads = new IdentityHashMap<>();
    if (needed.contains(target)) {
      float[] ones = Workspace.floats(target.size());
      Arrays.fill(ones, 1f);
      grads.put(target, new Accumulator(ones, true));
    }
    // Reverse pass: each node turns its output's gradient into its inputs' gradients.
    for (int i = nodes.size() - 1; i >= 0 && !grads.isEmpty(); i--) {
      Node node = nodes.get(i);
      Tensor out = node.output();
      Accumulator dOut = wanted.contains(out) ? grads.get(out) : grads.remove(out);
      if (dOut == null) {
        continue;
      }
      Tensor[] inputs = node.inputs();
      boolean[] need = new boolean[inputs.length];
      for (int k = 0; k < inputs.length; k++) {
        need[k] = needed.contains(inputs[k]);
      }
      float[][] dInputs = node.backward(dOut.data, need);
      for (int k = 0; k < inputs.length; k++) {
        if (need[k]) {
          Accumulator acc = grads.get(inputs[k]);
          if (acc == null) {
            grads.put(inputs[k], new Accumulator(dInputs[k], false));
          } else {
            acc.add(dInputs[k]);
          }
        }
      }
    }
    Tensor[] result = new Tensor[sources.length];
    for (int k = 0; k < sources.length; k++) {
      Accumulator acc = grads.get(sources[k]);
      int[] shape = sources[k].shape();
      // No copy: results may share an array with each other (a pass-through rule hands the same
      // one to two inputs), which is harmless because tensors are immutable, and no rule returns an
      // array the forward pass made, so none aliases a variable's live values. A copy of dense1's
      // weight gradient alone was 13 MB of memory traffic per training step.
      result[k] = acc == null ? Tensor.zeros(shape) : TensorAccess.wrap(acc.data, shape);
    }
    return result;
  }

  private static Set<Tensor> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /**
   * A gradient being summed. Arrays from backward rules may be shared (a rule can pass {@code
   * dOut} through), so the first one is kept as is and copied only when a second one arrives.
   */
  private static final class Accumulator {
    float[] data;
    boolean owned;

    Accumulator(float[] data, boolean owned) {
      this.data = data;
      this.owned = owned;
    }

    void add(float[] more) {
      if (!owned) {
        data = Workspace.copyOf(data);
        owned = true;
      }
      for (int i = 0; i < data.length; i++) {
        data[i] += more[i];
      }
    }
  }
}
