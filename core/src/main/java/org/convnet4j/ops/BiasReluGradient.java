package org.convnet4j.ops;

import org.convnet4j.kernels.Parallelism;

/**
 * The two halves of the gradient rule of a bias followed by a ReLU, shared by the fused ops ({@code
 * conv2dBias}, {@code matmulBias}) and by {@code relu} and {@code biasAdd} on their own. Both split
 * their work over the kernels' threads in blocks fixed by the sizes alone, so the results are the
 * same bits on any number of threads.
 */
final class BiasReluGradient {

  // Elements per task of the ReLU mask, and rows per task of the bias sums: enough work per task
  // that handing it out costs little, few enough that a layer's gradient splits over the threads.
  private static final int ELEMENTS_PER_TASK = 1 << 15;
  private static final int ROWS_PER_TASK = 1 << 10;

  private BiasReluGradient() {}

  /**
   * {@code dOut} where the ReLU's output {@code y} is positive, zero elsewhere (TensorFlow's rule,
   * 0 at the kink).
   */
  static float[] throughRelu(float[] dOut, float[] y) {
    float[] dInput = Workspace.floats(y.length);
    Parallelism.forEach(
        tasks(y.length, ELEMENTS_PER_TASK),
        t -> {
          int end = Math.min(y.length, (t + 1) * ELEMENTS_PER_TASK);
          // Branch-free select: y >= 0, so y > 0 exactly when its bits are non-zero, and
          // (bits | -bits) >> 31 is then all ones, else zero. A branch on y costs five times as
          // much on real activations, which are positive about half the time in no set order.
          for (int i = t * ELEMENTS_PER_TASK; i < end; i++) {
            int bits = Float.floatToRawIntBits(y[i]);
            int mask = (bits | -bits) >> 31;
            dInput[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & mask);
          }
        });
    return dInput;
  }

  /**
   * {@code dBias[c] = sum over rows of dOut[row, c]}: the gradient of a bias added to every row of
   * {@code channels} elements. Each task sums a fixed block of rows in order, then the blocks' sums
   * are added in block order.
   */
  static float[] sumOverRows(float[] dOut, int channels) {
    int rows = dOut.length / channels;
    int tasks = tasks(rows, ROWS_PER_TASK);
    float[] blockSums = Workspace.zeros(tasks * channels);
    Parallelism.forEach(
        tasks,
        t -> {
          int sums = t * channels;
          int end = Math.min(rows, (t + 1) * ROWS_PER_TASK) * channels;
          for (int base = t * ROWS_PER_TASK * channels; base < end; base += channels) {
            for (int c = 0; c < channels; c++) {
              blockSums[sums + c] += dOut[base + c];
            }
          }
        });
    if (tasks == 1) {
      return blockSums;
    }
    float[] dBias = Workspace.zeros(channels);
    for (int sums = 0; sums < blockSums.length; sums += channels) {
      for (int c = 0; c < channels; c++) {
        dBias[c] += blockSums[sums + c];
      }
    }
    return dBias;
  }

  private static int tasks(int count, int perTask) {
    return Math.max(1, (count + perTask - 1) / perTask);
  }
}
