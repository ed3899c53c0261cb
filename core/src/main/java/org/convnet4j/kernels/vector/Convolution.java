package org.convnet4j.kernels.vector;

import java.util.Arrays;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * 2-D convolution and its two gradients as GEMMs over the im2col matrix {@code col} (see {@link
 * Im2col}), with {@code W} the filter as a {@code [kh * kw * cin, cout]} matrix; with stride 1 the
 * input gradient is a forward convolution too. The im2col matrix is never built whole: the kernels
 * read its runs in the padded input, or copy them into packed panels where that pays. 3x3 and
 * 5x5 stride-1 convolutions for which {@link WinogradConvolution#forGeometry} finds a Winograd
 * convolution go there instead, for the forward pass (and so the input gradient, VALID's full
 * padding included) and, where {@link WinogradConvolution#forFilterGradient} says it pays, the
 * filter gradient. Forward passes over one input channel with filters at most 5 wide (first
 * layers on grey images) go to {@link SingleChannelConvolution}. Every other geometry (few tiles, channels not in
 * whole vectors, 1x1, 7x7, any stride) takes one of the GEMM paths below: none falls back to
 * scalar loops. Must match {@code ReferenceKernels.conv2d}, {@code
 * conv2dBackwardInput} and {@code conv2dBackwardFilter}.
 */
final class Convolution {

  // Forward passes whose im2col rows are made of runs (kw x cin floats, one per filter row) at
  // most this long read them in place. Measured: in place wins for all three of the tutorial's
  // (runs of 5, 160 and 320 floats; the last is conv2's input gradient), by 9 to 15 % against
  // packing for the two longer. A block of the shared dimension is whole runs, so runs much longer
  // than KC make panels of B too big for L1; those rows are packed instead.
  private static final int IN_PLACE_RUNS_UP_TO = 2 * Gemm.KC;

  private Convolution() {}

  /** {@code out = relu?(col(input) · W + bias)}; {@code bias} may be null. */
  static void forward(
      float[] input, float[] filter, float[] bias, boolean relu, float[] out, Conv2dGeometry g) {
    prepareForward(filter, g).run(input, 0, bias, relu, out, g);
  }

  /**
   * A forward pass's filter made ready once for {@code g} (packed, or transformed for Winograd,
   * in the calling thread's scratch), for passes over any run of the batch's images: each gives
   * for them what {@link #forward} gives, bit for bit, since each image's sums are the same
   * whatever images share its pass.
   */
  interface PreparedForward {
    /**
     * {@link #forward} of images {@code [firstImage, firstImage + part.n())} of {@code input}, with
     * {@code part} the prepared geometry but for its batch size; {@code out} holds those images'
     * outputs from its start.
     */
    void run(
        float[] input,
        int firstImage,
        float[] bias,
        boolean relu,
        float[] out,
        Conv2dGeometry part);
  }

  /** Prepares {@code filter} for forward passes of {@code g}; see {@link PreparedForward}. */
  static PreparedForward prepareForward(float[] filter, Conv2dGeometry g) {
    WinogradConvolution winograd = WinogradConvolution.forGeometry(g);
    if (winograd != null) {
      float[] u = winograd.transformFilter(filter, g);
      return (input, firstImage, bias, relu, out, part) ->
          winograd.forward(input, firstImage, u, bias, relu, out, part);
    }
    if (SingleChannelConvolution.fits(g)) {
      return SingleChannelConvolution.prepare(filter, g)::forward;
    }
    int k = g.kh() * g.kw() * g.cin();
    int run = g.kw() * g.cin();
    MatrixView w = MatrixView.columns(filter, 0, g.cout());
    if (run > IN_PLACE_RUNS_UP_TO) {
      return (input, firstImage, bias, relu, out, part) ->
          Gemm.multiply(
              new Im2col(paddedInput(input, firstImage, part), part),
              w,
              out,
              0,
              part.n() * part.oh() * part.ow(),
              g.cout(),
              k,
              new Epilogue(false, bias, relu));
    }
    float[] packedFilter =
        Scratch.get().floats(Scratch.Slot.CONV_PACKED_FILTER, Gemm.packedSizeForRows(k, g.cout()));
    Gemm.packForRows(k, run, w, g.cout(), packedFilter);
    return (input, firstImage, bias, relu, out, part) ->
        Gemm.multiplyRows(
            new Im2col(paddedInput(input, firstImage, part), part),
            packedFilter,
            out,
            0,
            part.n() * part.oh() * part.ow(),
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
    float[] packedFilter =
        Scratch.get()
            .floats(Scratch.Slot.CONV_PACKED_FILTER, Gemm.packedSizeForRows(g.cout(), k));
    // Rows of dOut are one segment of cout floats each.
    Gemm.packForRows(g.cout(), g.cout(), MatrixView.rows(filter, 0, g.cout()), k, packedFilter);
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
   * {@code dFilter = col(input)ᵀ · dOut}, computed transposed ({@code dOutᵀ · col}, so that the
   * im2col matrix is read in runs) over fixed slices of the batch, summed in order: tap by tap over
   * the input in place when its channels fill whole panels, else by packing the im2col matrix.
   */
  static void backwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    WinogradConvolution winograd = WinogradConvolution.forFilterGradient(g);
    if (winograd != null) {
      winograd.backwardFilter(input, dOut, dFilter, g);
      return;
    }
    if (SingleChannelConvolution.fitsFilterGradient(g)) {
      SingleChannelConvolution.backwardFilter(input, dOut, dFilter, g);
      return;
    }
    if (WindowRows.fits(g)) {
      backwardFilterSingleChannel(input, dOut, dFilter, g);
      return;
    }
    if (g.cin() % MicroKernel.NR == 0 && g.ow() <= MicroKernel.ROW_STRIDE) {
      backwardFilterTapByTap(input, dOut, dFilter, g);
      return;
    }
    Im2col col = new Im2col(paddedInput(input, 0, g), g);
    int k = g.kh() * g.kw() * g.cin();
    int pixels = g.oh() * g.ow();
    float[] partials =
        BatchSlices.sums(
            g,
            g.filterSize(),
            (first, last, partial, offset) ->
                Gemm.multiplySerial(
                    LeftOperand.transposed(dOut, first * pixels * g.cout(), g.cout()),
                    col.columns(first * pixels),
                    partial,
                    offset,
                    g.cout(),
                    k,
                    (last - first) * pixels,
                    Epilogue.STORE));
    transposeInto(partials, dFilter, g.cout(), k);
  }

  // dFilter[i, co] = sums[co, i]: the filter gradient from its transpose.
  private static void transposeInto(float[] sums, float[] dFilter, int cout, int k) {
    for (int co = 0; co < cout; co++) {
      for (int i = 0; i < k; i++) {
        dFilter[i * cout + co] = sums[co * k + i];
      }
    }
  }

  /**
   * {@code dFilter = col(input)ᵀ · dOut} for input channels in whole panels of {@link
   * MicroKernel#NR}, with the input read in place: the filter tap {@code (ky, kx)}'s columns of
   * {@code col(input)} are the padded input shifted by that tap, whose pixels along an output row
   * lie a constant stride apart. Image by image, in blocks of whole output rows, {@code dOutᵀ} is
   * packed once into row panels and meets every tap. The im2col matrix is never copied, where
   * packing its runs moved as many floats as the forward pass. Over fixed slices of the batch,
   * summed in order.
   */
  private static void backwardFilterTapByTap(
      float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    float[] partials =
        BatchSlices.sums(
            g,
            g.filterSize(),
            (first, last, partial, offset) ->
                filterGradientSlice(input, dOut, g, first, last, partial, offset));
    transposeInto(partials, dFilter, g.cout(), g.kh() * g.kw() * g.cin());
  }

  // backwardFilterTapByTap for images [first, last), into partial[offset...] as [cout, k].
  private static void filterGradientSlice(
      float[] input,
      float[] dOut,
      Conv2dGeometry g,
      int first,
      int last,
      float[] partial,
      int offset) {
    int panels = Gemm.ceilDiv(g.cout(), MicroKernel.MR);
    int panelSize = MicroKernel.MR * MicroKernel.ROW_STRIDE;
    int rowsPerBlock = MicroKernel.ROW_STRIDE / g.ow();
    int imageSize = Im2col.paddedImageSize(g);
    int rowStride = Im2col.paddedWidth(g) * g.cin();
    boolean pad = Im2col.isPadded(g);
    Scratch scratch = Scratch.get();
    float[] packed = scratch.floats(Scratch.Slot.CONV_PACKED_GRADIENT, panels * panelSize);
    // Each task pads its own images, one at a time: the taps then read an image this core has
    // just written, and no padded copy of the whole batch goes through memory.
    float[] padded = pad ? scratch.floats(Scratch.Slot.CONV_PADDED_IMAGE, imageSize) : input;
    // Columns of dOutᵀ are pixels: one view for the slice, no object per block.
    LeftOperand gradient = LeftOperand.transposed(dOut, 0, g.cout());
    boolean accumulate = false;
    for (int b = first; b < last; b++) {
      if (pad) {
        Im2col.padImage(input, b, padded, 0, g);
      }
      for (int oy0 = 0; oy0 < g.oh(); oy0 += rowsPerBlock) {
        int rows = Math.min(rowsPerBlock, g.oh() - oy0);
        int pixel = (b * g.oh() + oy0) * g.ow();
        for (int panel = 0; panel < panels; panel++) {
          int co = panel * MicroKernel.MR;
          gradient.packRowPanel(
              co,
              Math.min(MicroKernel.MR, g.cout() - co),
              pixel,
              rows * g.ow(),
              packed,
              panel * panelSize);
        }
        int firstRow = (pad ? 0 : b * imageSize) + oy0 * g.strideH() * rowStride;
        everyTap(packed, panels, padded, firstRow, rows, g, partial, offset, accumulate);
        accumulate = true;
      }
    }
  }

  // One block of output rows: each row panel of dOutᵀ meets the input shifted by every tap, read
  // in place from firstRow on, summing into the partial gradient.
  private static void everyTap(
      float[] packed,
      int panels,
      float[] padded,
      int firstRow,
      int rows,
      Conv2dGeometry g,
      float[] partial,
      int offset,
      boolean accumulate) {
    int k = g.kh() * g.kw() * g.cin();
    int rowStride = Im2col.paddedWidth(g) * g.cin();
    BlockTarget target = Scratch.get().target;
    for (int panel = 0; panel < panels; panel++) {
      int co = panel * MicroKernel.MR;
      for (int ky = 0; ky < g.kh(); ky++) {
        for (int kx = 0; kx < g.kw(); kx++) {
          int tap = firstRow + ky * rowStride + kx * g.cin();
          for (int ci = 0; ci < g.cin(); ci += MicroKernel.NR) {
            int column = (ky * g.kw() + kx) * g.cin() + ci;
            target.prepare(
                partial,
                offset + co * k + column,
                k,
                Math.min(MicroKernel.MR, g.cout() - co),
                MicroKernel.NR,
                accumulate);
            MicroKernel.multiplySegments(
                packed,
                panel * MicroKernel.MR * MicroKernel.ROW_STRIDE,
                padded,
                tap + ci,
                g.strideW() * g.cin(),
                g.ow(),
                rows,
                g.strideH() * rowStride,
                target.array,
                target.offset,
                target.ld,
                accumulate);
            target.finish(Epilogue.STORE, column);
          }
        }
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
    float[] padded = paddedInput(input, 0, g);
    int pixels = g.oh() * g.ow();
    float[] partials =
        BatchSlices.sums(
            g,
            g.filterSize(),
            (first, last, partial, offset) -> {
              for (int b = first; b < last; b++) {
                WindowRows taps = new WindowRows(padded, b, g);
                float[] packedDOut =
                    Scratch.get()
                        .floats(
                            Scratch.Slot.CONV_PACKED_GRADIENT,
                            Gemm.packedSizeForRows(taps.columns(), g.cout()));
                Gemm.packForRows(
                    taps.columns(),
                    taps.segmentLength(),
                    MatrixView.columns(dOut, b * pixels * g.cout(), g.cout()),
                    g.cout(),
                    packedDOut);
                Gemm.multiplyRowsSerial(
                    taps,
                    packedDOut,
                    partial,
                    offset,
                    g.kh() * g.kw(),
                    g.cout(),
                    b == first ? Epilogue.STORE : Epilogue.ACCUMULATE);
              }
            });
    System.arraycopy(partials, 0, dFilter, 0, g.filterSize());
  }

  // Images [firstImage, firstImage + g.n()) of the input as Im2col reads them: the input itself
  // when that is all of it and there is no padding, else a (zero-padded) copy in the caller's
  // scratch.
  private static float[] paddedInput(float[] input, int firstImage, Conv2dGeometry g) {
    if (firstImage == 0 && !Im2col.isPadded(g)) {
      return input;
    }
    int imageSize = Im2col.paddedImageSize(g);
    float[] padded = Scratch.get().floats(Scratch.Slot.CONV_PADDED_INPUT, g.n() * imageSize);
    Parallelism.forEach(
        g.n(), b -> Im2col.padImage(input, firstImage + b, padded, b * imageSize, g));
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
