package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * A filter gradient sums over the whole batch. It is split into {@value #PARTS} fixed slices of
 * images, each summed into a partial of its own on the pool, and the partials are added in slice
 * order at the end: the result does not depend on the thread count.
 */
final class BatchSlices {

  private static final int PARTS = 8;

  private BatchSlices() {}

  /** Work on images {@code [first, last)} of the batch, summed into {@code partial[offset...]}. */
  interface SliceTask {
    void run(int first, int last, float[] partial, int offset);
  }

  /**
   * Runs {@code task} on the fixed slices of the batch (fewer for a batch of fewer images), each
   * into a partial of {@code size} floats, and returns the partials with their sum, in slice order,
   * in the first {@code size} floats: zeros for an empty batch.
   */
  static float[] sums(Conv2dGeometry g, int size, SliceTask task) {
    int parts = Math.clamp(g.n(), 1, PARTS);
    float[] partials = Scratch.get().floats(Scratch.Slot.CONV_PARTIALS, parts * size);
    if (g.n() == 0) {
      Arrays.fill(partials, 0, size, 0f);
      return partials;
    }
    Parallelism.forEach(
        parts, q -> task.run(q * g.n() / parts, (q + 1) * g.n() / parts, partials, q * size));
    for (int q = 1; q < parts; q++) {
      VectorLoops.addInto(partials, q * size, partials, 0, size);
    }
    return partials;
  }
}
