package org.convnet4j.ops;

import org.convnet4j.kernels.Kernels;

/**
 * The gradient rule of a bias followed by a ReLU, shared by the fused ops ({@code conv2dBias},
 * {@code matmulBias}) and by {@code relu} and {@code biasAdd} on their own: the arrays come from
 * the {@link Workspace}, the loops from the active kernels, which give the same bits on any number
 * of threads.
 *
 * @param dz the gradient before the ReLU: {@code dOut} where the output is positive, zero elsewhere
 *     ({@code dOut} itself when there is no ReLU)
 * @param dBias {@code dz} summed over rows, one element per channel; null when not asked for
 */
record BiasReluGradient(float[] dz, float[] dBias) {

  /**
   * The gradients of {@code y = relu(z)}, {@code z = x + bias} (each of {@code channels} bias
   * elements added to every row), given {@code dOut = dL/dy}.
   *
   * @param y the ReLU's output, or null when there is no ReLU ({@code y = z})
   * @param needBias whether to sum {@code dBias}
   */
  static BiasReluGradient of(float[] dOut, float[] y, boolean needBias, int channels) {
    if (y == null) {
      return new BiasReluGradient(dOut, needBias ? sumOverRows(dOut, channels) : null);
    }
    if (!needBias) {
      return new BiasReluGradient(throughRelu(dOut, y), null);
    }
    float[] dz = Workspace.floats(y.length);
    float[] dBias = Workspace.floats(channels);
    Kernels.active().biasReluBackward(dOut, y, dz, dBias, y.length / channels, channels);
    return new BiasReluGradient(dz, dBias);
  }

  /**
   * {@code dOut} where the ReLU's output {@code y} is positive, zero elsewhere (TensorFlow's rule,
   * 0 at the kink).
   */
  static float[] throughRelu(float[] dOut, float[] y) {
    float[] dInput = Workspace.floats(y.length);
    Kernels.active().reluBackward(dOut, y, dInput, y.length);
    return dInput;
  }

  /**
   * {@code dBias[c] = sum over rows of dOut[row, c]}: the gradient of a bias added to every row of
   * {@code channels} elements.
   */
  static float[] sumOverRows(float[] dOut, int channels) {
    float[] dBias = Workspace.floats(channels);
    Kernels.active().biasBackward(dOut, dBias, dOut.length / channels, channels);
    return dBias;
  }
}
