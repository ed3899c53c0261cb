package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The im2col matrix of a convolution, {@code col[row, k]} with {@code row = (b, oy, ox)} and {@code
 * k = (ky, kx, ci)}, read in place from a zero-padded NHWC input {@code [n, hp, wp, cin]}. With
 * NHWC, each row is {@code kh} runs of {@code kw * cin} consecutive input floats, one run per
 * filter row, so packing copies runs rather than single elements.
 */
final class Im2col implements RowSource {

  private final float[] padded;
  private final int hp;
  private final int wp;
  private final int cin;
  private final int strideH;
  private final int strideW;
  private final int oh;
  private final int ow;
  private final int kh;
  private final int run;
  private final int runStride;

  /** The im2col matrix of {@code g} over {@code padded}, laid out as {@link #paddedSize}. */
  Im2col(float[] padded, Conv2dGeometry g) {
    this.padded = padded;
    this.hp = paddedHeight(g);
    this.wp = paddedWidth(g);
    this.cin = g.cin();
    this.strideH = g.strideH();
    this.strideW = g.strideW();
    this.oh = g.oh();
    this.ow = g.ow();
    this.kh = g.kh();
    this.run = g.kw() * g.cin();
    this.runStride = wp * g.cin();
  }

  static int paddedHeight(Conv2dGeometry g) {
    return g.h() + g.padTop() + g.padBottom();
  }

  static int paddedWidth(Conv2dGeometry g) {
    return g.w() + g.padLeft() + g.padRight();
  }

  /** Floats in one zero-padded input image. */
  static int paddedImageSize(Conv2dGeometry g) {
    return paddedHeight(g) * paddedWidth(g) * g.cin();
  }

  static boolean isPadded(Conv2dGeometry g) {
    return g.padTop() + g.padBottom() + g.padLeft() + g.padRight() > 0;
  }

  /** Image {@code b} of {@code input}, zero-padded, at {@code padded[offset]}. */
  static void padImage(float[] input, int b, float[] padded, int offset, Conv2dGeometry g) {
    int wp = paddedWidth(g);
    int rowLength = g.w() * g.cin();
    Arrays.fill(padded, offset, offset + paddedImageSize(g), 0f);
    for (int y = 0; y < g.h(); y++) {
      System.arraycopy(
          input,
          (b * g.h() + y) * rowLength,
          padded,
          offset + ((y + g.padTop()) * wp + g.padLeft()) * g.cin(),
          rowLength);
    }
  }

  /**
   * {@code M[k, row] = col[firstRow + row, k]}: the im2col matrix transposed, from row {@code
   * firstRow} on; the right operand (transposed) of the filter gradient. Packs at most {@link
   * Gemm#KC} rows at a time.
   */
  MatrixView columns(int firstRow) {
    return (i0, count, p0, kc, dst, offset) -> {
      int[] starts = Scratch.get().packRowOffsets;
      rowOffsets(firstRow + p0, kc, starts);
      // Columns [i0, i0 + count) split into the same pieces of runs in every row: cut once.
      int ky = i0 / run;
      int rest = i0 - ky * run;
      for (int k = i0; k < i0 + count; ky++, rest = 0) {
        int length = Math.min(run - rest, i0 + count - k);
        int from = ky * runStride + rest;
        int to = offset + k - i0;
        for (int p = 0; p < kc; p++) {
          VectorLoops.copy(padded, starts[p] + from, dst, to + p * MicroKernel.NR, length);
        }
        k += length;
      }
      MatrixView.zeroBeyond(count, kc, dst, offset);
    };
  }

  @Override
  public float[] data() {
    return padded;
  }

  @Override
  public int segments() {
    return kh;
  }

  @Override
  public int segmentLength() {
    return run;
  }

  @Override
  public int segmentStride() {
    return runStride;
  }

  // Consecutive rows step along ox, then oy, then b: one division for the first row only.
  @Override
  public void rowOffsets(int firstRow, int count, int[] dst) {
    int b = firstRow / (oh * ow);
    int pixel = firstRow - b * oh * ow;
    int oy = pixel / ow;
    int ox = pixel - oy * ow;
    for (int i = 0; i < count; i++) {
      dst[i] = ((b * hp + oy * strideH) * wp + ox * strideW) * cin;
      if (++ox == ow) {
        ox = 0;
        if (++oy == oh) {
          oy = 0;
          b++;
        }
      }
    }
  }

  /** Where row (b, oy, ox)'s window starts in the padded input. */
  @Override
  public int rowOffset(int row) {
    int b = row / (oh * ow);
    int pixel = row - b * oh * ow;
    int oy = pixel / ow;
    int ox = pixel - oy * ow;
    return ((b * hp + oy * strideH) * wp + ox * strideW) * cin;
  }
}
