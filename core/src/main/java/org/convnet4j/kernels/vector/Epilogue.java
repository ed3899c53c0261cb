package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * What a GEMM does with a block of {@code C}: add to what {@code C} holds already or overwrite it,
 * then add a per-column bias and clamp at zero. Fusing these saves a pass over the output.
 *
 * @param accumulate add to {@code C} instead of overwriting it
 * @param bias per-column bias ({@code bias[j]} for column {@code j}), or null for none
 * @param relu replace negative results by zero, after the bias
 */
record Epilogue(boolean accumulate, float[] bias, boolean relu) {

  static final Epilogue STORE = new Epilogue(false, null, false);
  static final Epilogue ACCUMULATE = new Epilogue(true, null, false);

  /** This epilogue for the first or a later block of the shared dimension, or the last one. */
  Epilogue forBlock(boolean first, boolean last) {
    boolean add = accumulate || !first;
    if (last) {
      return add == accumulate ? this : new Epilogue(add, bias, relu);
    }
    return add ? ACCUMULATE : STORE;
  }

  /** Applies the bias and ReLU to a finished {@code rows x cols} block at {@code c[offset]}. */
  void finish(float[] c, int offset, int ldc, int rows, int cols, int col0) {
    if (bias == null && !relu) {
      return;
    }
    int lanes = SPECIES.length();
    int whole = cols - cols % lanes;
    for (int r = 0; r < rows; r++) {
      int row = offset + r * ldc;
      // Whole vectors, then the last few columns one by one: a masked access checks every lane's
      // index, which costs more here than the arithmetic. (Vectors stay in this method: one
      // passed to another is boxed unless the JIT inlines the call.)
      for (int j = 0; j < whole; j += lanes) {
        FloatVector v = FloatVector.fromArray(SPECIES, c, row + j);
        if (bias != null) {
          v = v.add(FloatVector.fromArray(SPECIES, bias, col0 + j));
        }
        if (relu) {
          v = v.max(0f);
        }
        v.intoArray(c, row + j);
      }
      for (int j = whole; j < cols; j++) {
        float v = bias != null ? c[row + j] + bias[col0 + j] : c[row + j];
        c[row + j] = relu ? Math.max(v, 0f) : v;
      }
    }
  }
}
