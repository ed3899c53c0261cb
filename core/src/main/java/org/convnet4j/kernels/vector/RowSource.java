package org.convnet4j.kernels.vector;

/**
 * A left GEMM operand that {@link MicroKernel#multiplyRows} reads where it lies, unpacked: row
 * {@code i} is {@link #segments} runs of {@link #segmentLength} floats, {@link #segmentStride}
 * apart, starting at {@code data()[rowOffset(i)]}. Saves packing the operand whose size is the
 * cost: the im2col matrix of a convolution, or the output gradient rows of its input gradient.
 */
interface RowSource {

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
