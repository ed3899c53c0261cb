package org.convnet4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
    // One pass over memory: each block of rows, small enough to stay in L2, is read twice, for
    // its sum and then for its squared deviations from its own mean; the blocks' moments are then
    // combined in block order (Chan, Golub and LeVeque's pairwise update), in double.
    int perTask = rowsPerTask(channels);
    int tasks = Math.max(1, Math.ceilDiv(rows, perTask));
    int stride = 2 * channels;
    float[] blocks = Scratch.get().floats(Scratch.Slot.NORM_BLOCK_SUMS, tasks * stride);
    Parallelism.forEach(
        tasks,
        t ->
            blockMoments(
                x, t * perTask, Math.min(rows, (t + 1) * perTask), channels, blocks, t * stride));
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int t = 0; t < tasks; t++) {
        sum += blocks[t * stride + c];
      }
      double m = sum / rows;
      double squares = 0;
      for (int t = 0; t < tasks; t++) {
        int count = Math.min(rows, (t + 1) * perTask) - t * perTask;
        double d = (double) blocks[t * stride + c] / count - m;
        squares += blocks[t * stride + channels + c] + count * d * d;
      }
      mean[c] = (float) m;
      variance[c] = (float) (squares / rows);
    }
  }

  static void batchNormSums(float[] dOut, float[] x, float[] mean, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] sumDOut, float[] sumDOutCentered) {
    // Both sums in one pass: each block writes 2 * channels, dOut's sums then the centered ones.
    float[] both = Scratch.get().floats(Scratch.Slot.NORM_SUMS, 2 * channels);
    sumOverBlocks(rows, channels, both, 2,
        (from, to, sums, offset) ->
            gradientSums(dOut, x, mean, reluScale, reluShift, from, to, channels, sums, offset));
    System.arraycopy(both, 0, sumDOut, 0, channels);
    System.arraycopy(both, channels, sumDOutCentered, 0, channels);
  }

  static void scaleShift(
      float[] x, int rows, int channels, float[] scale, float[] shift, boolean relu, float[] out) {
    forEachBlock(rows, channels, (from, to) -> affineRows(x, null, null, null, null, scale, shift,
        relu, out, from, to, channels));
  }

  static void batchNormBackwardInput(float[] dOut, float[] x, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] dOutScale, float[] xScale,
      float[] shift, float[] dInput) {
    forEachBlock(rows, channels, (from, to) -> affineRows(x, dOut, dOutScale, reluScale,
        reluShift, xScale, shift, false, dInput, from, to, channels));
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

  // moments[offset + c] = sum over rows [from, to) of x[r, c], and moments[offset + channels + c]
  // = sum of (x[r, c] - m)^2 with m that sum divided by the rows: the block's own mean.
  private static void blockMoments(
      float[] x, int from, int to, int channels, float[] moments, int offset) {
    int count = to - from;
    int c = 0;
    for (; c <= channels - LANES; c += LANES) {
      FloatVector s0 = FloatVector.zero(FLOATS);
      FloatVector s1 = s0;
      int r = from;
      for (; r <= to - 2; r += 2) {
        s0 = s0.add(FloatVector.fromArray(FLOATS, x, r * channels + c));
        s1 = s1.add(FloatVector.fromArray(FLOATS, x, (r + 1) * channels + c));
      }
      for (; r < to; r++) {
        s0 = s0.add(FloatVector.fromArray(FLOATS, x, r * channels + c));
      }
      FloatVector sum = s0.add(s1);
      FloatVector m = sum.div(count);
      FloatVector q0 = FloatVector.zero(FLOATS);
      FloatVector q1 = q0;
      r = from;
      for (; r <= to - 2; r += 2) {
        FloatVector d0 = FloatVector.fromArray(FLOATS, x, r * channels + c).sub(m);
        FloatVector d1 = FloatVector.fromArray(FLOATS, x, (r + 1) * channels + c).sub(m);
        q0 = d0.fma(d0, q0);
        q1 = d1.fma(d1, q1);
      }
      for (; r < to; r++) {
        FloatVector d = FloatVector.fromArray(FLOATS, x, r * channels + c).sub(m);
        q0 = d.fma(d, q0);
      }
      sum.intoArray(moments, offset + c);
      q0.add(q1).intoArray(moments, offset + channels + c);
    }
    for (; c < channels; c++) {
      float sum = 0;
      for (int r = from; r < to; r++) {
        sum += x[r * channels + c];
      }
      float m = sum / count;
      float squares = 0;
      for (int r = from; r < to; r++) {
        float d = x[r * channels + c] - m;
        squares += d * d;
      }
      moments[offset + c] = sum;
      moments[offset + channels + c] = squares;
    }
  }

  // sums[offset + c] = sum of g[r, c]; sums[offset + channels + c] = sum of g[r, c] *
  // (x[r, c] - mean[c]), over rows [from, to), where g is dOut, or, with reluScale, dOut where
  // x * reluScale + reluShift (the ReLU's input, an FMA as in the forward pass) is positive, else 0.
  private static void gradientSums(float[] dOut, float[] x, float[] mean, float[] reluScale,
      float[] reluShift, int from, int to, int channels, float[] sums, int offset) {
    int c = 0;
    for (; c <= channels - LANES; c += LANES) {
      FloatVector m = FloatVector.fromArray(FLOATS, mean, c);
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector centered = sum;
      if (reluScale == null) {
        for (int r = from; r < to; r++) {
          int i = r * channels + c;
          FloatVector d = FloatVector.fromArray(FLOATS, dOut, i);
          sum = sum.add(d);
          centered = d.fma(FloatVector.fromArray(FLOATS, x, i).sub(m), centered);
        }
      } else {
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector scale = FloatVector.fromArray(FLOATS, reluScale, c);
        FloatVector shift = FloatVector.fromArray(FLOATS, reluShift, c);
        for (int r = from; r < to; r++) {
          int i = r * channels + c;
          FloatVector xi = FloatVector.fromArray(FLOATS, x, i);
          FloatVector d =
              zero.blend(
                  FloatVector.fromArray(FLOATS, dOut, i),
                  xi.fma(scale, shift).compare(VectorOperators.GT, 0f));
          sum = sum.add(d);
          centered = d.fma(xi.sub(m), centered);
        }
      }
      sum.intoArray(sums, offset + c);
      centered.intoArray(sums, offset + channels + c);
    }
    for (; c < channels; c++) {
      float sum = 0;
      float centered = 0;
      for (int r = from; r < to; r++) {
        int i = r * channels + c;
        float d = passes(x[i], reluScale, reluShift, c) ? dOut[i] : 0f;
        sum += d;
        centered += d * (x[i] - mean[c]);
      }
      sums[offset + c] = sum;
      sums[offset + channels + c] = centered;
    }
  }

  // Whether a ReLU after x * reluScale[c] + reluShift[c] passes its gradient; always without one.
  private static boolean passes(float x, float[] reluScale, float[] reluShift, int c) {
    return reluScale == null || Math.fma(x, reluScale[c], reluShift[c]) > 0;
  }

  // out[r, c] = x[r, c] * xScale[c] + shift[c] (an FMA), at least 0 with relu, plus g[r, c] *
  // dOutScale[c] when dOut is given, with g as in gradientSums; for rows [from, to).
  private static void affineRows(float[] x, float[] dOut, float[] dOutScale, float[] reluScale,
      float[] reluShift, float[] xScale, float[] shift, boolean relu, float[] out, int from,
      int to, int channels) {
    int vectorEnd = channels - channels % LANES;
    FloatVector zero = FloatVector.zero(FLOATS);
    for (int r = from; r < to; r++) {
      int row = r * channels;
      for (int c = 0; c < vectorEnd; c += LANES) {
        FloatVector xi = FloatVector.fromArray(FLOATS, x, row + c);
        FloatVector y =
            xi.fma(FloatVector.fromArray(FLOATS, xScale, c),
                FloatVector.fromArray(FLOATS, shift, c));
        if (relu) {
          y = y.max(zero);
        }
        if (dOut != null) {
          FloatVector d = FloatVector.fromArray(FLOATS, dOut, row + c);
          if (reluScale != null) {
            VectorMask<Float> positive =
                xi.fma(FloatVector.fromArray(FLOATS, reluScale, c),
                        FloatVector.fromArray(FLOATS, reluShift, c))
                    .compare(VectorOperators.GT, 0f);
            d = zero.blend(d, positive);
          }
          y = d.fma(FloatVector.fromArray(FLOATS, dOutScale, c), y);
        }
        y.intoArray(out, row + c);
      }
      for (int c = vectorEnd; c < channels; c++) {
        float y = Math.fma(x[row + c], xScale[c], shift[c]);
        if (relu) {
          y = Math.max(y, 0f);
        }
        if (dOut != null) {
          float d = passes(x[row + c], reluScale, reluShift, c) ? dOut[row + c] : 0f;
          y = Math.fma(d, dOutScale[c], y);
        }
        out[row + c] = y;
      }
    }
  }
}
