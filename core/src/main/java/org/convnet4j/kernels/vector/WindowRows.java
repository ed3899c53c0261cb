package org.convnet4j.kernels.vector;

import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The transposed im2col matrix of one image of a single-channel, column-stride-1 convolution, as a
 * {@link RowSource}: row {@code (ky, kx)} holds the input cells that filter tap meets, which are
 * {@code oh} runs of {@code ow} consecutive padded-input floats, one run per output row. Lets the
 * filter gradient of a first layer read its input in place instead of packing 25 floats per pixel.
 */
final class WindowRows implements RowSource {

  private final float[] padded;
  private final int imageStart;
  private final int wp;
  private final int kw;
  private final int oh;
  private final int ow;
  private final int strideH;

  /** Image {@code b} of {@code padded}, laid out as {@link Im2col#paddedImageSize}. */
  WindowRows(float[] padded, int b, Conv2dGeometry g) {
    this.padded = padded;
    this.imageStart = b * Im2col.paddedImageSize(g);
    this.wp = Im2col.paddedWidth(g);
    this.kw = g.kw();
    this.oh = g.oh();
    this.ow = g.ow();
    this.strideH = g.strideH();
  }

  /** Whether {@code g} is a convolution this source can read: one channel, column stride 1. */
  static boolean fits(Conv2dGeometry g) {
    return g.cin() == 1 && g.strideW() == 1;
  }

  @Override
  public float[] data() {
    return padded;
  }

  @Override
  public int rowOffset(int row) {
    return imageStart + (row / kw) * wp + row % kw;
  }

  @Override
  public int segments() {
    return oh;
  }

  @Override
  public int segmentLength() {
    return ow;
  }

  @Override
  public int segmentStride() {
    return strideH * wp;
  }
}
