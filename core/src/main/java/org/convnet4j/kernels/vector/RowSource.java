package org.convnet4j.kernels.vector;

/**
 * A left GEMM operand made of runs of consecutive floats, which {@link MicroKernel#multiplyRows}
 * reads where it lies, or which is cheaply copied into row panels ({@link #packRowPanel}): row
 * {@code i} is {@link #segments} runs of {@link #segmentLength} floats, {@link #segmentStride}
 * apart, starting at {@code data()[rowOffset(i)]}: the im2col matrix of a convolution, or a
 * row-major matrix.
 */
interface RowSource extends LeftOperand {

  float[] data();

  int rowOffset(int row);

  int segments();

  int segmentLength();

  int segmentStride();

  /**
   * Writes {@code rowOffset(firstRow + i)} to {@code dst[i]} for {@code i < count}; sources whose
   * offsets follow a pattern override it to avoid a division per row.
   */
  default void rowOffsets(int firstRow, int count, int[] dst) {
    for (int i = 0; i < count; i++) {
      dst[i] = rowOffset(firstRow + i);
    }
  }

  /** Copies runs of each row: the columns' cut into runs is worked out once for all rows. */
  @Override
  default void packRowPanel(int i0, int count, int p0, int kc, float[] dst, int offset) {
    float[] data = data();
    int[] starts = Scratch.get().panelRowOffsets;
    rowOffsets(i0, count, starts);
    // Columns [p0, p0 + kc) split into the same pieces of segments in every row: cut once.
    int length = segmentLength();
    int segment = p0 / length;
    int rest = p0 - segment * length;
    for (int p = p0; p < p0 + kc; segment++, rest = 0) {
      int run = Math.min(length - rest, p0 + kc - p);
      int from = segment * segmentStride() + rest;
      int to = offset + p - p0;
      for (int i = 0; i < count; i++) {
        VectorLoops.copy(data, starts[i] + from, dst, to + i * MicroKernel.ROW_STRIDE, run);
      }
      p += run;
    }
    LeftOperand.zeroRowsFrom(count, kc, dst, offset);
  }

  /** The shared dimension: {@code segments() * segmentLength()}. */
  default int columns() {
    return segments() * segmentLength();
  }

  /** Row {@code i} of a row-major {@code [rows, k]} matrix at {@code data[offset + i * k]}. */
  static RowSource matrix(float[] data, int offset, int k) {
    return new Matrix(data, offset, k);
  }

  /** A row-major matrix, one segment per row. */
  record Matrix(float[] data, int offset, int segmentLength) implements RowSource {

    @Override
    public int rowOffset(int row) {
      return offset + row * segmentLength;
    }

    @Override
    public int segments() {
      return 1;
    }

    @Override
    public int segmentStride() {
      return 0;
    }
  }
}
