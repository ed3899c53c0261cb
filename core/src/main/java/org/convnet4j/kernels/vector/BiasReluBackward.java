package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.convnet4j.kernels.Parallelism;

/**
 * The gradients of a bias and of a ReLU, vectorized along each row's channels, split over the
 * threads in blocks of rows fixed by the sizes alone: each block sums its rows in a fixed order,
 * then the blocks' sums are added in block order, so the results are the same bits on any number of
 * threads. Must match {@code ReferenceKernels.reluBackward} and {@code biasBackward}.
 */
final class BiasReluBackward {

  private static final VectorSpecies<Float> FLOATS = MicroKernel.SPECIES;
  private static final int LANES = FLOATS.length();

  // Elements per task: enough work that handing a task out costs little, few enough that a
  // layer's gradient splits over the threads, and a block small enough to stay in the L2 cache
  // between the ReLU pass and the bias sums that re-read it.
  private static final int ELEMENTS_PER_TASK = 1 << 15;

  private BiasReluBackward() {}

  static void reluBackward(float[] dOut, float[] y, float[] dInput, int size) {
    Parallelism.forEach(
        tasks(size, ELEMENTS_PER_TASK),
        t ->
            reluBlock(
                dOut,
                y,
                t * ELEMENTS_PER_TASK,
                Math.min(size, (t + 1) * ELEMENTS_PER_TASK),
                dInput,
                t * ELEMENTS_PER_TASK));
  }

  static void biasBackward(float[] dOut, float[] dBias, int rows, int channels) {
    biasReluBackward(dOut, null, null, dBias, rows, channels);
  }

  /** With {@code y} null, no ReLU: the bias sums of {@code dOut} itself, {@code dz} unused. */
  static void biasReluBackward(
      float[] dOut, float[] y, float[] dz, float[] dBias, int rows, int channels) {
    int rowsPerTask = Math.max(1, ELEMENTS_PER_TASK / channels);
    int tasks = tasks(rows, rowsPerTask);
    float[] blockSums =
        tasks == 1 ? dBias : Scratch.get().floats(Scratch.Slot.BIAS_BLOCK_SUMS, tasks * channels);
    float[] summed = y == null ? dOut : dz;
    Parallelism.forEach(
        tasks,
        t -> {
          int from = t * rowsPerTask;
          int to = Math.min(rows, from + rowsPerTask);
          if (y != null) {
            reluBlock(dOut, y, from * channels, to * channels, dz, from * channels);
          }
          sumRows(summed, from, to, channels, blockSums, t * channels);
        });
    if (tasks > 1) {
      addBlocks(blockSums, tasks, channels, dBias);
    }
  }

  /** {@code sums[c] = sum over blocks t, in order, of blockSums[t * channels + c]}. */
  static void addBlocks(float[] blockSums, int blocks, int channels, float[] sums) {
    for (int c = 0; c < channels; c++) {
      float sum = 0;
      for (int t = 0; t < blocks; t++) {
        sum += blockSums[t * channels + c];
      }
      sums[c] = sum;
    }
  }

  /**
   * {@code dInput[at + i - from] = dOut[i]} where {@code y[i] > 0}, else 0, for {@code i} in
   * {@code [from, to)}: the ReLU's gradient over a range, into the same range of a batch's array
   * ({@code at == from}) or into an image's buffer.
   */
  static void reluBlock(float[] dOut, float[] y, int from, int to, float[] dInput, int at) {
    FloatVector zero = FloatVector.zero(FLOATS);
    int shift = at - from;
    int i = from;
    for (; i <= to - LANES; i += LANES) {
      VectorMask<Float> positive =
          FloatVector.fromArray(FLOATS, y, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(FLOATS, dOut, i), positive).intoArray(dInput, i + shift);
    }
    for (; i < to; i++) {
      dInput[i + shift] = y[i] > 0 ? dOut[i] : 0f;
    }
  }

  /**
   * {@code sums[offset + c] = sum of x[r * channels + c]} over rows {@code r} in {@code [from,
   * to)}. Four accumulators take rows in turn, hiding the adds' latency, and are added in a fixed
   * order at the end.
   */
  static void sumRows(float[] x, int from, int to, int channels, float[] sums, int offset) {
    int c = 0;
    for (; c <= channels - LANES; c += LANES) {
      FloatVector s0 = FloatVector.zero(FLOATS);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      int r = from;
      for (; r <= to - 4; r += 4) {
        int i = r * channels + c;
        s0 = s0.add(FloatVector.fromArray(FLOATS, x, i));
        s1 = s1.add(FloatVector.fromArray(FLOATS, x, i + channels));
        s2 = s2.add(FloatVector.fromArray(FLOATS, x, i + 2 * channels));
        s3 = s3.add(FloatVector.fromArray(FLOATS, x, i + 3 * channels));
      }
      for (; r < to; r++) {
        s0 = s0.add(FloatVector.fromArray(FLOATS, x, r * channels + c));
      }
      s0.add(s1).add(s2.add(s3)).intoArray(sums, offset + c);
    }
    for (; c < channels; c++) {
      float sum = 0;
      for (int r = from; r < to; r++) {
        sum += x[r * channels + c];
      }
      sums[offset + c] = sum;
    }
  }

  private static int tasks(int count, int perTask) {
    return Math.max(1, (count + perTask - 1) / perTask);
  }
}
