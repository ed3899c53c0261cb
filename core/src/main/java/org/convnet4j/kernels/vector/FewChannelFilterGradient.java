package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.LANES;
import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The filter gradient of a convolution with fewer input channels than a vector has lanes, a first
 * layer on colour images: {@code dFilter[k, co] = sum over pixels of col[pixel, k] * dOut[pixel,
 * co]} with {@code k = (ky, kx, ci)}, only {@code kh * kw * cin} rows (27 for 3x3 filters on 3
 * channels). A GEMM over so short a shared dimension spends its time packing; here each image's
 * {@code dOut} (read in place, 32 channels at a time) meets four filter rows at once, each a
 * broadcast input cell read in place from the padded image, in eight accumulators that stay in
 * registers. Over fixed slices of the batch ({@link BatchSlices}), summed in order, so the result
 * is the same bits on any number of threads. Must match {@code
 * ReferenceKernels.conv2dBackwardFilter}.
 */
final class FewChannelFilterGradient {

  // Filter rows per pass over an image's dOut, and output channels per pass (two vectors): eight
  // independent sums hide the FMA's latency, and a pixel's two dOut vectors serve four rows.
  private static final int ROWS = 4;
  private static final int CHANNELS = 2 * LANES;

  private FewChannelFilterGradient() {}

  /**
   * Whether {@code g} goes here: fewer input channels than a vector's lanes, and output channels
   * in whole pairs of vectors. A single channel with column stride 1 stays with {@link
   * WindowRows}, which reads its taps as runs.
   */
  static boolean fits(Conv2dGeometry g) {
    return g.cin() < LANES
        && g.cout() % CHANNELS == 0
        && !WindowRows.fits(g)
        && WinogradConvolution.forGeometry(g) == null;
  }

  /** {@code dFilter[kh, kw, cin, cout]} of {@code g}, which {@link #fits}. */
  static void backwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    backwardFilter(input, dOut, null, dFilter, g);
  }

  /**
   * {@link #backwardFilter(float[], float[], float[], Conv2dGeometry)} with each image's output
   * gradient made by {@code source} into a buffer of the thread's own (in L2) instead of read from
   * a whole batch's.
   */
  static void backwardFilter(
      float[] input, ImageGradient source, float[] dFilter, Conv2dGeometry g) {
    backwardFilter(input, null, source, dFilter, g);
  }

  // From dOut, or image by image from source when dOut is null.
  private static void backwardFilter(
      float[] input, float[] dOut, ImageGradient source, float[] dFilter, Conv2dGeometry g) {
    float[] partials =
        BatchSlices.sums(
            g,
            g.filterSize(),
            (first, last, partial, offset) ->
                slice(input, dOut, source, g, first, last, partial, offset));
    System.arraycopy(partials, 0, dFilter, 0, g.filterSize());
  }

  // Images [first, last) into partial[offset...] as [k, cout].
  private static void slice(
      float[] input,
      float[] dOut,
      ImageGradient source,
      Conv2dGeometry g,
      int first,
      int last,
      float[] partial,
      int offset) {
    Arrays.fill(partial, offset, offset + g.filterSize(), 0f);
    float[] gradient =
        dOut != null
            ? dOut
            : Scratch.get()
                .floats(Scratch.Slot.CONV_IMAGE_GRADIENT, g.oh() * g.ow() * g.cout());
    boolean pad = Im2col.isPadded(g);
    int imageSize = Im2col.paddedImageSize(g);
    float[] padded =
        pad ? Scratch.get().floats(Scratch.Slot.CONV_PADDED_IMAGE, imageSize) : input;
    int k = g.kh() * g.kw() * g.cin();
    for (int b = first; b < last; b++) {
      if (pad) {
        Im2col.padImage(input, b, padded, 0, g);
      }
      int image = pad ? 0 : b * imageSize;
      int pixels = b * g.oh() * g.ow();
      if (dOut == null) {
        source.into(b, gradient);
        pixels = 0;
      }
      for (int co = 0; co < g.cout(); co += CHANNELS) {
        for (int row = 0; row < k; row += ROWS) {
          fourRows(padded, image, gradient, pixels, co, row, Math.min(ROWS, k - row), g, partial,
              offset);
        }
      }
    }
  }

  // partial[row + r, co .. co + CHANNELS) += sum over the image's pixels of col[pixel, row + r] *
  // dOut[pixel, co ..], for r < count; a group of fewer than four rows repeats its last one in the
  // spare accumulators, whose sums are dropped.
  private static void fourRows(
      float[] x,
      int image,
      float[] dOut,
      int firstPixel,
      int co,
      int row,
      int count,
      Conv2dGeometry g,
      float[] partial,
      int offset) {
    int x0 = image + tapOffset(row, g);
    int x1 = image + tapOffset(row + Math.min(1, count - 1), g);
    int x2 = image + tapOffset(row + Math.min(2, count - 1), g);
    int x3 = image + tapOffset(row + Math.min(3, count - 1), g);
    int cout = g.cout();
    int rowStride = g.strideH() * Im2col.paddedWidth(g) * g.cin();
    int columnStride = g.strideW() * g.cin();
    FloatVector a00 = FloatVector.zero(SPECIES);
    FloatVector a01 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    int d = firstPixel * cout + co;
    for (int oy = 0; oy < g.oh(); oy++) {
      int p = oy * rowStride;
      for (int ox = 0; ox < g.ow(); ox++, p += columnStride, d += cout) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, dOut, d);
        FloatVector d1 = FloatVector.fromArray(SPECIES, dOut, d + LANES);
        FloatVector v0 = FloatVector.broadcast(SPECIES, x[x0 + p]);
        FloatVector v1 = FloatVector.broadcast(SPECIES, x[x1 + p]);
        FloatVector v2 = FloatVector.broadcast(SPECIES, x[x2 + p]);
        FloatVector v3 = FloatVector.broadcast(SPECIES, x[x3 + p]);
        a00 = v0.fma(d0, a00);
        a01 = v0.fma(d1, a01);
        a10 = v1.fma(d0, a10);
        a11 = v1.fma(d1, a11);
        a20 = v2.fma(d0, a20);
        a21 = v2.fma(d1, a21);
        a30 = v3.fma(d0, a30);
        a31 = v3.fma(d1, a31);
      }
    }
    int target = offset + row * cout + co;
    add(a00, a01, partial, target);
    if (count > 1) {
      add(a10, a11, partial, target + cout);
    }
    if (count > 2) {
      add(a20, a21, partial, target + 2 * cout);
    }
    if (count > 3) {
      add(a30, a31, partial, target + 3 * cout);
    }
  }

  private static void add(FloatVector low, FloatVector high, float[] partial, int at) {
    low.add(FloatVector.fromArray(SPECIES, partial, at)).intoArray(partial, at);
    high.add(FloatVector.fromArray(SPECIES, partial, at + LANES)).intoArray(partial, at + LANES);
  }

  // Where filter row k = (ky, kx, ci) meets output pixel (0, 0) in a padded image.
  private static int tapOffset(int k, Conv2dGeometry g) {
    int ci = k % g.cin();
    int tap = k / g.cin();
    int ky = tap / g.kw();
    int kx = tap % g.kw();
    return (ky * Im2col.paddedWidth(g) + kx) * g.cin() + ci;
  }
}
