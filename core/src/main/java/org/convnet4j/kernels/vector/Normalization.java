package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.convnet4j.kernels.Parallelism;

/**
 * Batch normalization's loops on {@code rows x channels} (channels last), vectorized along each
 * row's channels. The sums are taken over blocks of rows fixed by the sizes alone, each in a fixed
 * order, then added in block order, so the results are the same bits on any number of threads (as
 * {@link BiasReluBackward} does). Must match {@code ReferenceKernels.moments}, {@code scaleShift},
 * {@code batchNormSums} and {@code batchNormBackwardInput}.
 */
final class Normalization {

  private static final VectorSpecies<Float> FLOATS = MicroKernel.SPECIES;
  private static final int LANES = FLOATS.length();

  // Elements per task, as for the bias gradient: little overhead per task, enough tasks to split.
  private static final int ELEMENTS_PER_TASK = 1 << 15;

  private Normalization() {}

  /** One block's per-channel sums into {@code sums[offset...]}. */
  private interface BlockSum {
    void rows(int from, int to, float[] sums, int offset);
  }

  static void moments(float[] x, int rows, int channels, float[] mean, float[] variance) {
    sumOverBlocks(rows, channels, mean, 1,
        (from, to, sums, offset) -> BiasReluBackward.sumRows(x, from, to, channels, sums, offset));
    for (int c = 0; c < channels; c++) {
      mean[c] /= rows;
    }
    sumOverBlocks(rows, channels, variance, 1,
        (from, to, sums, offset) -> squaredDeviations(x, mean, from, to, channels, sums, offset));
    for (int c = 0; c < channels; c++) {
      variance[c] /= rows;
    }
  }

  static void batchNormSums(float[] dOut, float[] x, float[] mean, int rows, int channels,
      float[] sumDOut, float[] sumDOutCentered) {
    // Both sums in one pass: each block writes 2 * channels, dOut's sums then the centered ones.
    float[] both = Scratch.get().floats(Scratch.Slot.NORM_SUMS, 2 * channels);
    sumOverBlocks(rows, channels, both, 2,
        (from, to, sums, offset) ->
            gradientSums(dOut, x, mean, from, to, channels, sums, offset));
    System.arraycopy(both, 0, sumDOut, 0, channels);
    System.arraycopy(both, channels, sumDOutCentered, 0, channels);
  }

  static void scaleShift(
      float[] x, int rows, int channels, float[] scale, float[] shift, float[] out) {
    forEachBlock(rows, channels, (from, to) -> affineRows(x, null, null, scale, shift, out, from,
        to, channels));
  }

  static void batchNormBackwardInput(float[] dOut, float[] x, int rows, int channels,
      float[] dOutScale, float[] xScale, float[] shift, float[] dInput) {
    forEachBlock(rows, channels, (from, to) -> affineRows(x, dOut, dOutScale, xScale, shift,
        dInput, from, to, channels));
  }

  private interface Block {
    void rows(int from, int to);
  }

  private static int rowsPerTask(int channels) {
    return Math.max(1, ELEMENTS_PER_TASK / Math.max(channels, 1));
  }

  private static void forEachBlock(int rows, int channels, Block block) {
    int perTask = rowsPerTask(channels);
    int tasks = Math.max(1, Math.ceilDiv(rows, perTask));
    Parallelism.forEach(tasks, t -> block.rows(t * perTask, Math.min(rows, (t + 1) * perTask)));
  }

  // sums[0 .. width * channels) = the blocks' sums, added in block order.
  private static void sumOverBlocks(
      int rows, int channels, float[] sums, int width, BlockSum blockSum) {
    int perTask = rowsPerTask(channels);
    int tasks = Math.max(1, Math.ceilDiv(rows, perTask));
    int stride = width * channels;
    if (tasks == 1) {
      blockSum.rows(0, rows, sums, 0);
      return;
    }
    float[] blocks = Scratch.get().floats(Scratch.Slot.NORM_BLOCK_SUMS, tasks * stride);
    Parallelism.forEach(
        tasks,
        t -> blockSum.rows(t * perTask, Math.min(rows, (t + 1) * perTask), blocks, t * stride));
    BiasReluBackward.addBlocks(blocks, tasks, stride, sums);
  }

  // sums[offset + c] = sum over rows [from, to) of (x[r, c] - mean[c])^2.
  private static void squaredDeviations(
      float[] x, float[] mean, int from, int to, int channels, float[] sums, int offset) {
    int c = 0;
    for (; c <= channels - LANES; c += LANES) {
      FloatVector m = FloatVector.fromArray(FLOATS, mean, c);
      FloatVector s0 = FloatVector.zero(FLOATS);
      FloatVector s1 = s0;
      int r = from;
      for (; r <= to - 2; r += 2) {
        FloatVector d0 = FloatVector.fromArray(FLOATS, x, r * channels + c).sub(m);
        FloatVector d1 = FloatVector.fromArray(FLOATS, x, (r + 1) * channels + c).sub(m);
        s0 = d0.fma(d0, s0);
        s1 = d1.fma(d1, s1);
      }
      for (; r < to; r++) {
        FloatVector d = FloatVector.fromArray(FLOATS, x, r * channels + c).sub(m);
        s0 = d.fma(d, s0);
      }
      s0.add(s1).intoArray(sums, offset + c);
    }
    for (; c < channels; c++) {
      float sum = 0;
      for (int r = from; r < to; r++) {
        float d = x[r * channels + c] - mean[c];
        sum += d * d;
      }
      sums[offset + c] = sum;
    }
  }

  // sums[offset + c] = sum of dOut[r, c]; sums[offset + channels + c] = sum of dOut[r, c] *
  // (x[r, c] - mean[c]), over rows [from, to).
  private static void gradientSums(float[] dOut, float[] x, float[] mean, int from, int to,
      int channels, float[] sums, int offset) {
    int c = 0;
    for (; c <= channels - LANES; c += LANES) {
      FloatVector m = FloatVector.fromArray(FLOATS, mean, c);
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector centered = sum;
      for (int r = from; r < to; r++) {
        int i = r * channels + c;
        FloatVector d = FloatVector.fromArray(FLOATS, dOut, i);
        sum = sum.add(d);
        centered = d.fma(FloatVector.fromArray(FLOATS, x, i).sub(m), centered);
      }
      sum.intoArray(sums, offset + c);
      centered.intoArray(sums, offset + channels + c);
    }
    for (; c < channels; c++) {
      float sum = 0;
      float centered = 0;
      for (int r = from; r < to; r++) {
        int i = r * channels + c;
        sum += dOut[i];
        centered += dOut[i] * (x[i] - mean[c]);
      }
      sums[offset + c] = sum;
      sums[offset + channels + c] = centered;
    }
  }

  // out[r, c] = x[r, c] * xScale[c] + shift[c], plus dOut[r, c] * dOutScale[c] when dOut is given,
  // for rows [from, to).
  private static void affineRows(float[] x, float[] dOut, float[] dOutScale, float[] xScale,
      float[] shift, float[] out, int from, int to, int channels) {
    int vectorEnd = channels - channels % LANES;
    for (int r = from; r < to; r++) {
      int row = r * channels;
      for (int c = 0; c < vectorEnd; c += LANES) {
        FloatVector y =
            FloatVector.fromArray(FLOATS, x, row + c)
                .fma(FloatVector.fromArray(FLOATS, xScale, c),
                    FloatVector.fromArray(FLOATS, shift, c));
        if (dOut != null) {
          y = FloatVector.fromArray(FLOATS, dOut, row + c)
              .fma(FloatVector.fromArray(FLOATS, dOutScale, c), y);
        }
        y.intoArray(out, row + c);
      }
      for (int c = vectorEnd; c < channels; c++) {
        float y = x[row + c] * xScale[c] + shift[c];
        out[row + c] = dOut == null ? y : dOut[row + c] * dOutScale[c] + y;
      }
    }
  }
}
