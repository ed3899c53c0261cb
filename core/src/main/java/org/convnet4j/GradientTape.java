package org.convnet4j;

import java.util.Arrays;
import java.util.List;
import org.convnet4j.autodiff.Tape;

/**
 * Records operations for reverse-mode differentiation, TensorFlow 2's {@code tf.GradientTape}:
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *   tape.watch(w);
 *   tape.watch(b);
 *   Tensor logits = Ops.add(Ops.matmul(x, w), b);
 *   Tensor loss = Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(y, logits));
 *   Tensor[] g = tape.gradient(loss, w, b); // g[0] like w, g[1] like b
 * }
 * }</pre>
 *
 * <p>A tape records from construction until {@link #close()}, on the thread that created it, and
 * only the {@link Ops} applied to tensors it tracks: the watched ones and the results of recorded
 * ops. Work on untracked tensors (inference, the input images) is not recorded and costs nothing
 * extra. Tensors are matched by identity, so watch the very objects you will ask about; a {@link
 * Variable}'s {@link Variable#value()} is one stable object, so {@code tape.watch(v.value())} and
 * {@code tape.gradient(loss, v.value())} work. Tapes nest: each records what it tracks.
 *
 * <p>{@link Tensor#reshape} is a plain view and is not recorded; use {@link Ops#reshape} on
 * tracked tensors.
 */
public final class GradientTape implements AutoCloseable {

  private final Tape tape = new Tape();

  /** A tape recording on the current thread. */
  public GradientTape() {
    tape.start();
  }

  /** Tracks each tensor, so ops applied to it from now on are recorded. */
  public void watch(Tensor... tensors) {
    for (Tensor t : tensors) {
      tape.watch(t);
    }
  }

  /**
   * Gradients of {@code target} with respect to each source, in order, each with its source's
   * shape. A non-scalar target is summed first (TensorFlow's behaviour). A source the target does
   * not depend on through recorded ops (unconnected, or never watched) gets a tensor of zeros, like
   * TensorFlow's {@code unconnected_gradients=ZERO}. May be called more than once, during or after
   * recording; gradient computation itself is never recorded.
   */
  public Tensor[] gradient(Tensor target, Tensor... sources) {
    return tape.gradient(target, sources);
  }

  /** {@link #gradient(Tensor, Tensor...)} for a list of sources, such as a model's variables. */
  public List<Tensor> gradient(Tensor target, List<Tensor> sources) {
    return Arrays.asList(tape.gradient(target, sources.toArray(Tensor[]::new)));
  }

  /** Stops recording. What was recorded stays, so {@link #gradient} still works. */
  @Override
  public void close() {
    tape.stop();
  }
}
