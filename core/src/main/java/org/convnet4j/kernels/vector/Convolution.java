package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * 2-D convolution and its two gradients as GEMMs over the im2col matrix {@code col} (see {@link
 * Im2col}), with {@code W} the filter as a {@code [kh * kw * cin, cout]} matrix; with stride 1 the
 * input gradient is a forward convolution too. The im2col matrix is never built whole: GEMMs copy
 * the runs they need into their packed panels. Must match {@code ReferenceKernels.conv2d}, {@code
 * conv2dBackwardInput} and {@code conv2dBackwardFilter}.
 */
final class Convolution {

  // The filter gradient sums over the whole batch; it is split into this many fixed slices of
  // images, summed in order at the end, so the result does not depend on the thread count.
  private static final int FILTER_GRADIENT_PARTS = 8;

  // Forward passes whose im2col rows are shorter than this read them in place: packing would
  // cost more than it saves. Measured: reading in place wins for the tutorial's 5x5x1 first
  // layer (25 floats a row), packing for its 5x5x32 second layer (800).
  private static final int IN_PLACE_ROWS_BELOW = 128;

  private Convolution() {}

  /** {@code out = relu?(col(input) · W + bias)}; {@code bias} may be null. */
  static void forward(
      float[] input, float[] filter, float[] bias, boolean relu, float[] out, Conv2dGeometry g) {
    Im2col col = new Im2col(paddedInput(input, g), g);
    int k = g.kh() * g.kw() * g.cin();
    if (k >= IN_PLACE_ROWS_BELOW) {
      Gemm.multiply(
          col,
          MatrixView.columns(filter, 0, g.cout()),
          out,
          0,
          g.n() * g.oh() * g.ow(),
          g.cout(),
          k,
          new Epilogue(false, bias, relu));
      return;
    }
    float[] packedFilter =
        Scratch.get()
            .floats(Scratch.Slot.CONV_PACKED_FILTER, Gemm.packedSizeForRows(col, g.cout()));
    Gemm.packForRows(col, MatrixView.columns(filter, 0, g.cout()), g.cout(), packedFilter);
    Gemm.multiplyRows(
        col,
        packedFilter,
        out,
        0,
        g.n() * g.oh() * g.ow(),
        g.cout(),
        new Epilogue(false, bias, relu));
  }

  /**
   * {@code dInput}: with stride 1 and at least a vector's worth of input channels, the forward
   * convolution of {@code dOut} by the flipped filter ({@link #transposed}), which sums straight
   * into each input cell; otherwise {@code col2im(dOut · Wᵀ)}, one image per task.
   */
  static void backwardInput(float[] dOut, float[] filter, float[] dInput, Conv2dGeometry g) {
    Conv2dGeometry t = transposed(g);
    if (t != null && g.cin() >= MicroKernel.LANES) {
      float[] flipped = Scratch.get().floats(Scratch.Slot.CONV_FLIPPED_FILTER, g.filterSize());
      flip(filter, flipped, g);
      forward(dOut, flipped, null, false, dInput, t);
      return;
    }
    int pixels = g.oh() * g.ow();
    int k = g.kh() * g.kw() * g.cin();
    RowSource firstImage = RowSource.matrix(dOut, 0, g.cout());
    float[] packedFilter =
        Scratch.get()
            .floats(Scratch.Slot.CONV_PACKED_FILTER, Gemm.packedSizeForRows(firstImage, k));
    Gemm.packForRows(firstImage, MatrixView.rows(filter, 0, g.cout()), k, packedFilter);
    Parallelism.forEach(
        g.n(),
        b -> {
          Scratch scratch = Scratch.get();
          float[] dCol = scratch.floats(Scratch.Slot.CONV_COLUMNS, pixels * k);
          Gemm.multiplyRowsSerial(
              RowSource.matrix(dOut, b * pixels * g.cout(), g.cout()),
              packedFilter,
              dCol,
              0,
              pixels,
              k,
              Epilogue.STORE);
          columnsToImage(dCol, b, dInput, g, scratch);
        });
  }

  /**
   * The geometry of the convolution whose output is {@code g}'s input gradient: over {@code dOut}
   * padded by {@code k - 1 - p} on each side (for {@code g}'s padding {@code p}), by the filter
   * flipped in both spatial axes with its channel axes swapped ({@link #flip}). Since {@code
   * dInput[y] = sum over ky of dOut[y + padTop - ky] * W[ky]}, that convolution reads the same
   * terms. Null where that needs a stride other than 1 or a negative padding (a padding wider than
   * the filter).
   */
  private static Conv2dGeometry transposed(Conv2dGeometry g) {
    int top = g.kh() - 1 - g.padTop();
    int bottom = g.kh() - 1 - g.padBottom();
    int left = g.kw() - 1 - g.padLeft();
    int right = g.kw() - 1 - g.padRight();
    boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
    if (!unitStride || Math.min(Math.min(top, bottom), Math.min(left, right)) < 0) {
      return null;
    }
    return new Conv2dGeometry(
        g.n(), g.oh(), g.ow(), g.cout(), g.kh(), g.kw(), g.cin(), 1, 1, top, bottom, left, right,
        g.h(), g.w());
  }

  // flipped[ky, kx, co, ci] = filter[kh - 1 - ky, kw - 1 - kx, ci, co].
  private static void flip(float[] filter, float[] flipped, Conv2dGeometry g) {
    int taps = g.kh() * g.kw();
    int tapSize = g.cin() * g.cout();
    for (int tap = 0; tap < taps; tap++) {
      int from = (taps - 1 - tap) * tapSize;
      int to = tap * tapSize;
      for (int ci = 0; ci < g.cin(); ci++) {
        for (int co = 0; co < g.cout(); co++) {
          flipped[to + co * g.cin() + ci] = filter[from + ci * g.cout() + co];
        }
      }
    }
  }

  /**
   * {@code dFilter = col(input)ᵀ · dOut}, computed transposed ({@code dOutᵀ · col}, so that packing
   * the im2col matrix copies contiguous runs) over fixed slices of the batch, summed in order.
   */
  static void backwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    if (WindowRows.fits(g)) {
      backwardFilterSingleChannel(input, dOut, dFilter, g);
      return;
    }
    Im2col col = new Im2col(paddedInput(input, g), g);
    int size = g.filterSize();
    int k = g.kh() * g.kw() * g.cin();
    int parts = Math.min(g.n(), FILTER_GRADIENT_PARTS);
    int pixels = g.oh() * g.ow();
    float[] partials = Scratch.get().floats(Scratch.Slot.CONV_PARTIALS, parts * size);
    Parallelism.forEach(
        parts,
        q -> {
          int firstRow = q * g.n() / parts * pixels;
          int rows = (q + 1) * g.n() / parts * pixels - firstRow;
          Gemm.multiplySerial(
              LeftOperand.transposed(dOut, firstRow * g.cout(), g.cout()),
              col.columns(firstRow),
              partials,
              q * size,
              g.cout(),
              k,
              rows,
              Epilogue.STORE);
        });
    for (int q = 1; q < parts; q++) {
      VectorLoops.addInto(partials, q * size, partials, 0, size);
    }
    for (int co = 0; co < g.cout(); co++) {
      for (int i = 0; i < k; i++) {
        dFilter[i * g.cout() + co] = partials[co * k + i];
      }
    }
  }

  /**
   * {@code dFilter = col(input)ᵀ · dOut} for one input channel and column stride 1, where the rows
   * of {@code col(input)ᵀ} are runs of the input ({@link WindowRows}): image by image over fixed
   * slices of the batch, summed in order.
   */
  private static void backwardFilterSingleChannel(
      float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    float[] padded = paddedInput(input, g);
    int size = g.filterSize();
    int pixels = g.oh() * g.ow();
    int parts = Math.min(g.n(), FILTER_GRADIENT_PARTS);
    float[] partials = Scratch.get().floats(Scratch.Slot.CONV_PARTIALS, parts * size);
    Parallelism.forEach(
        parts,
        q -> {
          int first = q * g.n() / parts;
          for (int b = first; b < (q + 1) * g.n() / parts; b++) {
            WindowRows taps = new WindowRows(padded, b, g);
            float[] packedDOut =
                Scratch.get()
                    .floats(
                        Scratch.Slot.CONV_PACKED_GRADIENT, Gemm.packedSizeForRows(taps, g.cout()));
            Gemm.packForRows(
                taps,
                MatrixView.columns(dOut, b * pixels * g.cout(), g.cout()),
                g.cout(),
                packedDOut);
            Gemm.multiplyRowsSerial(
                taps,
                packedDOut,
                partials,
                q * size,
                g.kh() * g.kw(),
                g.cout(),
                b == first ? Epilogue.STORE : Epilogue.ACCUMULATE);
          }
        });
    System.arraycopy(partials, 0, dFilter, 0, size);
    for (int q = 1; q < parts; q++) {
      VectorLoops.addInto(partials, q * size, dFilter, 0, size);
    }
  }

  // The input itself when there is no padding, else a zero-padded copy in the caller's scratch.
  private static float[] paddedInput(float[] input, Conv2dGeometry g) {
    if (!Im2col.isPadded(g)) {
      return input;
    }
    int imageSize = Im2col.paddedImageSize(g);
    float[] padded = Scratch.get().floats(Scratch.Slot.CONV_PADDED_INPUT, g.n() * imageSize);
    int wp = Im2col.paddedWidth(g);
    int rowLength = g.w() * g.cin();
    Parallelism.forEach(
        g.n(),
        b -> {
          Arrays.fill(padded, b * imageSize, (b + 1) * imageSize, 0f);
          for (int y = 0; y < g.h(); y++) {
            System.arraycopy(
                input,
                (b * g.h() + y) * rowLength,
                padded,
                b * imageSize + ((y + g.padTop()) * wp + g.padLeft()) * g.cin(),
                rowLength);
          }
        });
    return padded;
  }

  // Adds every row of image b's dCol back onto the input cells its window covered: into a
  // padded image, whose inner part is then image b of dInput.
  private static void columnsToImage(
      float[] dCol, int b, float[] dInput, Conv2dGeometry g, Scratch scratch) {
    boolean padded = Im2col.isPadded(g);
    int imageSize = g.h() * g.w() * g.cin();
    float[] image =
        padded
            ? scratch.floats(Scratch.Slot.CONV_PADDED_GRADIENT, Im2col.paddedImageSize(g))
            : dInput;
    int base = padded ? 0 : b * imageSize;
    Arrays.fill(image, base, base + (padded ? Im2col.paddedImageSize(g) : imageSize), 0f);
    int wp = Im2col.paddedWidth(g);
    int run = g.kw() * g.cin();
    int k = g.kh() * run;
    for (int oy = 0; oy < g.oh(); oy++) {
      for (int ox = 0; ox < g.ow(); ox++) {
        int from = (oy * g.ow() + ox) * k;
        int start = base + (oy * g.strideH() * wp + ox * g.strideW()) * g.cin();
        for (int ky = 0; ky < g.kh(); ky++) {
          VectorLoops.addInto(dCol, from + ky * run, image, start + ky * wp * g.cin(), run);
        }
      }
    }
    if (padded) {
      int rowLength = g.w() * g.cin();
      for (int y = 0; y < g.h(); y++) {
        System.arraycopy(
            image,
            ((y + g.padTop()) * wp + g.padLeft()) * g.cin(),
            dInput,
            b * imageSize + y * rowLength,
            rowLength);
      }
    }
  }
}
