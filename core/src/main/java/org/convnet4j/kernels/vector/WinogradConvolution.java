package org.convnet4j.kernels.vector;

import static jdk.incubator.vector.VectorOperators.FMA;
import static org.convnet4j.kernels.vector.MicroKernel.LANES;
import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;
import static org.convnet4j.kernels.vector.MicroKernel.ROW_STRIDE;
import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;
import static org.convnet4j.kernels.vector.Scratch.ORIGIN;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * 3x3 and 5x5 stride-1 convolutions by Winograd's minimal filtering on 8x8 patches: F(6x6, 3x3),
 * 64 multiplications for each 6x6 block of outputs where the direct sum takes 324 (5.1 times
 * fewer; 4.0 times on 32x32 and 16x16 outputs, whose last tiles stick out by four and two pixels),
 * and F(4x4, 5x5), 64 for each 4x4 block where the direct sum takes 400 (6.25 times fewer; 4.8
 * times on the tutorial's conv2, 14x14 outputs); and on 6x6 patches, F(4x4, 3x3), 36 for each 4x4
 * block (4 times fewer), for outputs that 6x6 tiles cover badly (VGG's 8x8: 2.25 times fewer
 * multiplications than F(6x6, 3x3) there).
 *
 * <p>The output is cut into tiles of {@code tile x tile} pixels ({@code tile = patch - taps + 1});
 * tile {@code t} reads a patch {@code d} of the input. Per input channel, {@code V = Bᵀ d B}; per
 * filter slice {@code g} ({@code taps x taps}, one input and one output channel), {@code U = G g
 * Gᵀ}. Each of the patch's points {@code ξ} (64 or 36) is then a GEMM over input channels, {@code
 * M[ξ] = V[ξ] · U[ξ]} ({@code [tiles, cin] · [cin, cout]}), and the tile's outputs are {@code Aᵀ M
 * A}. The matrices come from evaluating at 0, 1, -1, 2, -2, 1/2, -1/2 and infinity (Toom-Cook;
 * without ±1/2 for 6x6 patches): {@code Bᵀ} depends on the points alone, so both filter sizes on
 * 8x8 patches share the input transform; {@code G} (patch x taps) and {@code Aᵀ} (tile x patch)
 * are the points' powers. {@code Bᵀ}'s rows are scaled to integers and {@code G}'s by the inverse,
 * so the only fractions of the input side touch the filter, transformed once per call. Against
 * F(2x2, 5x5) (6x6 patches, 36 GEMMs), conv2 ran 1.6 times as fast forward, 1.5 times for the
 * input gradient and the filter gradient, training 1.2 times (2 threads, both in one JVM, runs
 * alternated). On VGG's 8x8 layer (64 to 128 channels, batch 128, 2 threads), F(4x4, 3x3) against
 * F(6x6, 3x3) and the direct filter gradient: forward 3.2 to 3.5 → 1.6 to 1.8 ms, input gradient
 * 3.7 to 4.1 → 1.7 to 1.9 ms, filter gradient 4.7 to 4.9 → 2.6 to 2.7 ms.
 *
 * <p>Rounding: the input transform adds up terms of mixed sign with weights up to 2,500 times the
 * inputs' (Bᵀ's rows sum to 50 in magnitude), and F(6x6, 3x3)'s output transform weights the
 * products by up to 32 (the fifth powers of ±2), so the results are less exact than a direct sum.
 * Against sums in double (16 images, inputs uniform in [-1, 1)), the largest error relative to the
 * largest value was, for F(4x4, 5x5) on conv2's shape, 5.4e-6 forward, 5.6e-6 for the input
 * gradient and 4.5e-6 for the filter gradient; for F(6x6, 3x3) on the 3x3 layers of Keras'
 * CIFAR-10 example and of a VGG-style network (32 to 64 channels, 13x13 to 32x32 outputs), 6.4e-6
 * to 9.6e-6 forward, 7.2e-6 to 1.0e-5 for the input gradient and 3.5e-6 to 5.3e-6 for the filter
 * gradient, where the direct GEMM kernels gave 4.5e-7 to 1.6e-6: the same order as F(4x4, 5x5).
 * For F(4x4, 3x3) on 8x8 outputs, 64 to 64 channels (32 images): 7.6e-6, 7.5e-6 and 3.1e-6.
 * Training reaches the direct kernels' accuracy with these (README: a network of 3x3
 * convolutions, one epoch of Fashion-MNIST, 86.97 % against 86.86 %).
 *
 * <p>Work is split into bands of whole rows of tiles, which may run from one image into the next
 * (one image of conv2, 16 tiles, would leave 8 of 24 rows of each GEMM empty): as many rows as
 * fit about 1 MB, or a few fewer if they fill the micro-kernel's blocks of rows better. Each band
 * transforms its patches into a buffer of its own (in L2), multiplies, and transforms back, so
 * nothing of size {@code points x batch} ever goes through memory.
 */
final class WinogradConvolution {

  // The side of the larger patches, F(6x6, 3x3)'s and F(4x4, 5x5)'s; F(4x4, 3x3)'s is 6.
  private static final int LARGE_PATCH = 8;

  // Fewer tiles than this in a batch do not pay for transforming the filter (about 0.1 ms for
  // conv2): one image through conv2 is 49 tiles, and the direct kernels keep its latency.
  private static final int MIN_TILES = 128;

  // Floats a band's transformed patches and products may take, about 1 MB: L2 holds them.
  private static final int BAND_FLOATS = 1 << 18;

  // The finite points of the 8x8 patches' transforms (infinity is the eighth), and the weights of
  // G's rows: point p's row is weight * p^k for tap k, where the weight is 1 / prod over the other
  // finite points q of (p - q), times the inverse of the factor that made Bᵀ's row integers (-4,
  // 4, 4, 4, 4, 2, 2; the first with its sign turned, so that it and G's first row are positive).
  // Infinity's row is 1/4 at the last tap (Bᵀ's last row times 4). Bᵀ depends on the points
  // alone, so the input transform is the same for every filter size.
  private static final double[] LARGE_POINTS = {0, 1, -1, 2, -2, 1 / 2.0, -1 / 2.0};
  private static final double[] LARGE_WEIGHTS = {
    1 / 4.0, -1 / 18.0, -1 / 18.0, 1 / 360.0, 1 / 360.0, 16 / 45.0, 16 / 45.0
  };
  private static final double LARGE_INFINITY_WEIGHT = 1 / 4.0;

  // The same for the 6x6 patches, at 0, 1, -1, 2, -2 and infinity (Lavin and Gray's F(4x4, 3x3)):
  // Bᵀ's rows scaled by 4, -6, -6, 24, 24 and 1.
  private static final double[] SMALL_POINTS = {0, 1, -1, 2, -2};
  private static final double[] SMALL_WEIGHTS = {1 / 4.0, -1 / 6.0, -1 / 6.0, 1 / 24.0, 1 / 24.0};
  private static final double SMALL_INFINITY_WEIGHT = 1;

  // Powers 2^k and 2^-k, k < 8, for the points ±2 and ±1/2 in the output transforms.
  private static final float[] POWERS_OF_TWO = {1, 2, 4, 8, 16, 32, 64, 128};
  private static final float[] POWERS_OF_HALF = {
    1, 1 / 2f, 1 / 4f, 1 / 8f, 1 / 16f, 1 / 32f, 1 / 64f, 1 / 128f
  };

  // F(4x4, 3x3), F(6x6, 3x3) and F(4x4, 5x5), in the order forGeometry prefers them on a tie.
  private static final WinogradConvolution[] SIZES = {
    new WinogradConvolution(3, SMALL_POINTS, SMALL_WEIGHTS, SMALL_INFINITY_WEIGHT),
    new WinogradConvolution(3, LARGE_POINTS, LARGE_WEIGHTS, LARGE_INFINITY_WEIGHT),
    new WinogradConvolution(5, LARGE_POINTS, LARGE_WEIGHTS, LARGE_INFINITY_WEIGHT)
  };

  // The patch's side (its finite points and infinity) and its points (patch²).
  private final int patch;
  private final int points;

  // Filter taps along each axis, and outputs along each axis of a tile: patch - taps + 1.
  private final int taps;
  private final int tile;

  // G, patch x taps.
  private final float[][] filterMatrix;

  private WinogradConvolution(
      int taps, double[] finitePoints, double[] weights, double infinityWeight) {
    this.patch = finitePoints.length + 1;
    this.points = patch * patch;
    this.taps = taps;
    this.tile = patch - taps + 1;
    this.filterMatrix = new float[patch][taps];
    for (int p = 0; p < patch - 1; p++) {
      for (int k = 0; k < taps; k++) {
        filterMatrix[p][k] = (float) (weights[p] * Math.pow(finitePoints[p], k));
      }
    }
    filterMatrix[patch - 1][taps - 1] = (float) infinityWeight;
  }

  /** Outputs along each axis of one tile: 6 for F(6x6, 3x3), 4 for the others. */
  int tile() {
    return tile;
  }

  /**
   * The per-tile transforms of every size on one tile of one vector of channels, for {@link
   * KernelWarmUp}: they run once per tile and vector of channels, and until C2 has compiled them,
   * the first training step's Winograd convolutions allocated some 1.6 GB of vector boxes (JFR,
   * the tutorial's network). Holds its own buffers; {@link #run} touches nothing else.
   */
  static final class WarmUp {

    // An output of a tile and two pixels a side: a tile inside it and one past its edge, so that
    // both branches of each transform are compiled, not one and a trap for the other.
    private static final int EDGE = 2;

    private final Conv2dGeometry[] geometries = new Conv2dGeometry[SIZES.length];
    // Buffers for the largest patch; a patch of LANES channels lays V out in one group per row.
    private final float[] band = new float[ORIGIN + LARGE_PATCH * LARGE_PATCH * LANES];
    private final float[] patches = new float[ORIGIN + LARGE_PATCH * MR * ROW_STRIDE + MR];
    private final float[] products = new float[ORIGIN + LARGE_PATCH * LARGE_PATCH * MR * NR];
    private final float[] bias = new float[LANES];
    private final float[] work = new float[ORIGIN + 2 * LARGE_PATCH * LARGE_PATCH * LANES];
    // The output of the largest geometry, which the others' fit in.
    private final float[] image;

    WarmUp() {
      for (int i = 0; i < SIZES.length; i++) {
        int size = SIZES[i].tile + EDGE;
        int taps = SIZES[i].taps;
        int before = (taps - 1) / 2;
        int after = taps - 1 - before;
        geometries[i] =
            new Conv2dGeometry(1, size, size, LANES, taps, taps, LANES, 1, 1, before, after,
                before, after, size, size);
      }
      int largest = 0;
      for (Conv2dGeometry g : geometries) {
        largest = Math.max(largest, g.outputSize());
      }
      image = new float[largest];
    }

    /**
     * Per size, transforms a patch, takes products back into a tile inside the output (with bias
     * and ReLU, as the forward pass) and one past its edge (without, as the input gradient), and
     * transforms the output gradient of both tiles.
     */
    void run() {
      for (int i = 0; i < SIZES.length; i++) {
        WinogradConvolution winograd = SIZES[i];
        Conv2dGeometry g = geometries[i];
        int edge = winograd.tile;
        winograd.transformPatch(band, ORIGIN, winograd.patch * LANES, LANES, patches, 0, MR, work);
        winograd.untransformTile(products, 0, MR, NR, bias, true, image, g, 0, 0, 0, work);
        winograd.untransformTile(products, 0, MR, NR, null, false, image, g, 0, edge, edge, work);
        winograd.transformGradientTile(image, g, 0, 0, 0, products, 0, MR, 1, work);
        winograd.transformGradientTile(image, g, 0, edge, edge, products, 0, MR, 1, work);
      }
    }
  }

  /**
   * The Winograd convolution that computes {@code g}, or null where the direct kernels do: {@code
   * g} needs a 3x3 or 5x5 filter, stride 1, channels in whole vectors, at most {@link Gemm#KC}
   * input channels (so one panel of {@code U} stays in L1), and at least {@value #MIN_TILES} tiles
   * in the batch. Of those that apply, the one whose tiles take the fewest multiplications, F(4x4,
   * 3x3) on a tie: for 3x3 filters, F(6x6, 3x3) only where its tiles fit the output well (Keras'
   * 30x30 layer: 25 tiles of 64 points against 64 of 36; 1.27x as fast as F(4x4, 3x3) forward).
   * VGG's 8x8 layer takes four tiles of 36 points instead of four of 64; on a tie (32x32, 16x16,
   * 15x15, 13x13 outputs) F(4x4, 3x3) ran 1.03x to 1.25x as fast forward and 1.05x to 1.25x for
   * the filter gradient (batch 128, 2 threads): its smaller transforms cost less per output.
   */
  static WinogradConvolution forGeometry(Conv2dGeometry g) {
    WinogradConvolution best = null;
    long fewest = Long.MAX_VALUE;
    for (WinogradConvolution winograd : SIZES) {
      if (winograd.applies(g)) {
        long multiplications =
            (long) winograd.tiles(g.oh()) * winograd.tiles(g.ow()) * winograd.points;
        if (multiplications < fewest) {
          best = winograd;
          fewest = multiplications;
        }
      }
    }
    return best;
  }

  /**
   * The Winograd convolution for {@code g}'s filter gradient, or null where the direct kernels do
   * it: as {@link #forGeometry}, and at least half the outputs its tiles compute lie inside the
   * output. Its products {@code dU} are {@code points x cin x cout}, read and written once per
   * band; with tiles mostly outside the output and many channels, a band holds few real outputs
   * for that traffic: VGG's 8x8 outputs from 64 to 128 channels in 6x6 tiles (44 % inside) ran
   * 0.67x the direct kernels, where its forward pass ran 1.25x, and 13x13 (52 % inside) 1.35x.
   * (VGG's 8x8 layer now takes 4x4 tiles, all inside: 1.8x the direct kernels.)
   */
  static WinogradConvolution forFilterGradient(Conv2dGeometry g) {
    WinogradConvolution winograd = forGeometry(g);
    if (winograd == null) {
      return null;
    }
    long computed = (long) winograd.tiles(g.oh()) * winograd.tiles(g.ow()) * winograd.tile
        * winograd.tile;
    return 2L * g.oh() * g.ow() >= computed ? winograd : null;
  }

  private boolean applies(Conv2dGeometry g) {
    return g.kh() == taps
        && g.kw() == taps
        && g.strideH() == 1
        && g.strideW() == 1
        && g.cin() % LANES == 0
        && g.cout() % LANES == 0
        && g.cin() <= Gemm.KC
        && (long) g.n() * tiles(g.oh()) * tiles(g.ow()) >= MIN_TILES;
  }

  // Tiles along an output axis of this size, the last one partly outside unless tile divides it.
  private int tiles(int size) {
    return Gemm.ceilDiv(size, tile);
  }

  /**
   * {@code out = relu?(conv2d(input, filter) + bias)} for a geometry that {@link #applies}, or a
   * part of such a batch, images {@code [firstImage, firstImage + g.n())} of {@code input}, with
   * {@code u} the filter from {@link #transformFilter(float[], Conv2dGeometry)}.
   */
  void forward(
      float[] input,
      int firstImage,
      float[] u,
      float[] bias,
      boolean relu,
      float[] out,
      Conv2dGeometry g) {
    int tilesY = tiles(g.oh());
    int tilesX = tiles(g.ow());
    int totalRows = g.n() * tilesY;
    // Enough bands for every thread to have a couple when the batch is small.
    int bandRows = bandRows(g, tilesX, Gemm.ceilDiv(totalRows, 2 * Parallelism.threads()));
    Parallelism.forEach(
        Gemm.ceilDiv(totalRows, bandRows),
        task -> {
          int first = task * bandRows;
          band(input, firstImage, u, bias, relu, out, g, first,
              Math.min(totalRows, first + bandRows));
        });
  }

  // Rows of tiles per band: at most as many as fit the band's buffers in BAND_FLOATS, and at most
  // limit; of those, down to half as many, the count whose tiles leave the least of their last
  // block of MR rows empty (conv2's 4 tiles a row: 9 rows fill 3 blocks, 10 would waste 8 rows).
  private int bandRows(Conv2dGeometry g, int tilesX, int limit) {
    int perTile = groups(g.cin()) * ROW_STRIDE + points * Gemm.ceilDiv(g.cout(), NR) * NR;
    int most = Math.max(1, Math.min(limit, BAND_FLOATS / (perTile * tilesX)));
    int best = most;
    for (int rows = most - 1; rows >= (most + 1) / 2; rows--) {
      // Empty rows per tile, compared without division.
      if ((long) emptyRows(rows * tilesX) * best < (long) emptyRows(best * tilesX) * rows) {
        best = rows;
      }
    }
    return best;
  }

  private static int emptyRows(int tiles) {
    return wholeBlocks(tiles) - tiles;
  }

  // Rows rounded up to whole blocks of the micro-kernel, so that every block it writes lies inside.
  private static int wholeBlocks(int rows) {
    return Gemm.ceilDiv(rows, MR) * MR;
  }

  // Rows of tiles [firstRow, lastRow) of the batch (row b * tilesY + ty is row ty of image b):
  // transform, 64 GEMMs, transform back.
  private void band(
      float[] input,
      int firstImage,
      float[] u,
      float[] bias,
      boolean relu,
      float[] out,
      Conv2dGeometry g,
      int firstRow,
      int lastRow) {
    int tilesY = tiles(g.oh());
    int tilesX = tiles(g.ow());
    int tiles = (lastRow - firstRow) * tilesX;
    int rowsPadded = wholeBlocks(tiles);
    int panels = Gemm.ceilDiv(g.cout(), NR);
    int ldm = panels * NR;
    Scratch scratch = Scratch.get();
    float[] v = transformBand(input, firstImage, g, firstRow, lastRow, rowsPadded, scratch);
    float[] m = scratch.floats(Scratch.Slot.WINOGRAD_PRODUCTS, points * rowsPadded * ldm);
    float[] work = scratch.floats(Scratch.Slot.WINOGRAD_WORK, 2 * points * LANES);
    int pointSize = g.cin() * ldm;
    for (int point = 0; point < points; point++) {
      for (int panel = 0; panel < panels; panel++) {
        for (int i0 = 0; i0 < rowsPadded; i0 += MR) {
          MicroKernel.multiply(
              v,
              patchOffset(point, i0, rowsPadded, g.cin()),
              g.cin(),
              u,
              ORIGIN + point * pointSize + panel * g.cin() * NR,
              m,
              ORIGIN + (point * rowsPadded + i0) * ldm + panel * NR,
              ldm,
              false);
        }
      }
    }
    for (int row = firstRow, t = 0; row < lastRow; row++) {
      for (int tx = 0; tx < tilesX; tx++, t++) {
        int b = row / tilesY;
        untransformTile(
            m, t, rowsPadded, ldm, bias, relu, out, g, b, (row - b * tilesY) * tile, tx * tile,
            work);
      }
    }
  }

  /**
   * The band's patches transformed (its rows counted from image {@code firstImage} of {@code
   * input}), {@code V[ξ][t][ci]} at {@link #patchOffset}{@code (ξ, t) + ci}, in this thread's
   * scratch; rows past the band's last tile hold whatever was there (their
   * products are never read), and {@value MicroKernel#MR} floats of slack follow, for kernels
   * that read whole blocks.
   */
  private float[] transformBand(
      float[] input,
      int firstImage,
      Conv2dGeometry g,
      int firstRow,
      int lastRow,
      int rowsPadded,
      Scratch scratch) {
    int tilesY = tiles(g.oh());
    int tilesX = tiles(g.ow());
    int cin = g.cin();
    float[] v =
        scratch.floats(
            Scratch.Slot.WINOGRAD_PATCHES, groups(cin) * rowsPadded * ROW_STRIDE + MR);
    float[] work = scratch.floats(Scratch.Slot.WINOGRAD_WORK, 2 * points * LANES);
    int width = tilesX * tile + taps - 1;
    // Patches that never reach past the image (no padding, tiles that fit: Keras' 30x30 VALID
    // layer) are read where they lie, without the band's copy: inference of Keras' CIFAR-10
    // example at batch 1000 took 127 to 129 ms with the copy, 123 to 125 without.
    boolean inPlace =
        g.padTop() == 0 && g.padLeft() == 0 && width <= g.w() && tilesY * tile + taps - 1 <= g.h();
    int t = 0;
    // Image by image: its rows of the band, read in place or copied zero-padded all round, so that
    // every patch lies inside.
    for (int row = firstRow; row < lastRow; ) {
      int b = row / tilesY;
      int ty0 = row - b * tilesY;
      int rows = Math.min(lastRow - row, tilesY - ty0);
      int height = rows * tile + taps - 1;
      float[] patches = input;
      int origin = (((firstImage + b) * g.h() + ty0 * tile) * g.w()) * cin;
      int rowStep = g.w() * cin;
      if (!inPlace) {
        patches = scratch.floats(Scratch.Slot.WINOGRAD_INPUT, height * width * cin);
        padBand(input, g, firstImage + b, ty0 * tile - g.padTop(), height, width, patches);
        origin = ORIGIN;
        rowStep = width * cin;
      }
      for (int ty = 0; ty < rows; ty++) {
        for (int tx = 0; tx < tilesX; tx++, t++) {
          int from = origin + ty * tile * rowStep + tx * tile * cin;
          transformPatch(patches, from, rowStep, cin, v, t, rowsPadded, work);
        }
      }
      row += rows;
    }
    return v;
  }

  /**
   * {@code dFilter} for a geometry that {@link #applies}: per point, {@code dU[ξ] = V[ξ]ᵀ · dM[ξ]}
   * summed over the batch's tiles, with {@code dM = A dY Aᵀ} the output gradient of each tile
   * taken back through the output transform; then {@code dFilter = Gᵀ dU G}. Over fixed slices of
   * the batch ({@link BatchSlices}), like the direct kernels.
   */
  void backwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    int size = points * gradientRows(g) * gradientColumns(g);
    float[] partials =
        BatchSlices.sums(
            g,
            size,
            (first, last, partial, offset) ->
                gradientSlice(input, dOut, g, first, last, partial, offset));
    untransformGradient(partials, g, dFilter);
  }

  // dU is kept as [ξ][rows][columns], channels padded to whole blocks of the micro-kernel, so that
  // every block it writes lies inside (a spare block for the edge cost as much as the kernel).
  private static int gradientRows(Conv2dGeometry g) {
    return wholeBlocks(g.cin());
  }

  private static int gradientColumns(Conv2dGeometry g) {
    return Gemm.ceilDiv(g.cout(), NR) * NR;
  }

  // dU of images [first, last) into partial[offset...] as [ξ][gradientRows][gradientColumns].
  private void gradientSlice(
      float[] input,
      float[] dOut,
      Conv2dGeometry g,
      int first,
      int last,
      float[] partial,
      int offset) {
    int tilesY = tiles(g.oh());
    int tilesX = tiles(g.ow());
    int panels = Gemm.ceilDiv(g.cout(), NR);
    int ldm = panels * NR;
    int bandRows = bandRows(g, tilesX, Integer.MAX_VALUE);
    int cin = g.cin();
    int rowsU = gradientRows(g);
    Scratch scratch = Scratch.get();
    boolean accumulate = false;
    for (int firstRow = first * tilesY; firstRow < last * tilesY; firstRow += bandRows) {
      int lastRow = Math.min(last * tilesY, firstRow + bandRows);
      int tiles = (lastRow - firstRow) * tilesX;
      int rowsPadded = wholeBlocks(tiles);
      float[] v = transformBand(input, 0, g, firstRow, lastRow, rowsPadded, scratch);
      float[] dm = scratch.floats(Scratch.Slot.WINOGRAD_PRODUCTS, points * rowsPadded * ldm);
      float[] work = scratch.floats(Scratch.Slot.WINOGRAD_WORK, 2 * points * LANES);
      for (int row = firstRow, t = 0; row < lastRow; row++) {
        for (int tx = 0; tx < tilesX; tx++, t++) {
          int b = row / tilesY;
          transformGradientTile(
              dOut, g, b, (row - b * tilesY) * tile, tx * tile, dm, t, rowsPadded, panels, work);
        }
      }
      for (int point = 0; point < points; point++) {
        for (int ci = 0; ci < cin; ci += MR) {
          for (int panel = 0; panel < panels; panel++) {
            MicroKernel.multiplyColumns(
                v,
                patchOffset(point, 0, rowsPadded, cin) + ci,
                dm,
                gradientOffset(point, panel * NR, 0, rowsPadded, panels),
                tiles,
                partial,
                offset + (point * rowsU + ci) * ldm + panel * NR,
                ldm,
                accumulate);
          }
        }
      }
      accumulate = true;
    }
  }

  /**
   * Where {@code dM[ξ][t][co]} lies in a band of {@code rowsPadded} tiles: in panels of {@link
   * MicroKernel#NR} channels, {@code [ξ][panel][t][NR]}, as {@link MicroKernel#multiplyColumns}
   * reads {@code B}.
   */
  private static int gradientOffset(int point, int co, int t, int rowsPadded, int panels) {
    return ORIGIN + ((point * panels + co / NR) * rowsPadded + t) * NR + co % NR;
  }

  // dm[ξ][t] = (A dY Aᵀ)[ξ] for the output tile at (oy, ox), zeros for pixels past the output.
  private void transformGradientTile(
      float[] dOut,
      Conv2dGeometry g,
      int b,
      int oy,
      int ox,
      float[] dm,
      int t,
      int rowsPadded,
      int panels,
      float[] work) {
    int cout = g.cout();
    int tileSize = tile * tile * LANES;
    // A tile inside the output is read where it lies; one past its edge is copied, zeros outside.
    boolean inside = oy + tile <= g.oh() && ox + tile <= g.ow();
    int corner = ((b * g.oh() + oy) * g.ow() + ox) * cout;
    float[] source = inside ? dOut : work;
    int rowStep = inside ? g.ow() * cout : tile * LANES;
    int columnStep = inside ? cout : LANES;
    for (int c = 0; c < cout; c += LANES) {
      if (!inside) {
        copyEdgeTile(dOut, g, b, oy, ox, c, work);
      }
      int from = inside ? corner + c : ORIGIN;
      // Down each of the tile's columns, then along each of the patch's rows of the result; each
      // patch size in loops of its own, as in untransformTile.
      int rowsFrom = ORIGIN + tileSize;
      int pointStep = panels * rowsPadded * NR;
      if (patch == LARGE_PATCH) {
        for (int s = 0; s < tile; s++) {
          gradientTransformLarge(
              source, from + s * columnStep, rowStep, work, rowsFrom + s * LANES, tile * LANES);
        }
        for (int p = 0; p < patch; p++) {
          gradientTransformLarge(work, rowsFrom + p * tile * LANES, LANES, dm,
              gradientOffset(p * patch, c, t, rowsPadded, panels), pointStep);
        }
      } else {
        for (int s = 0; s < tile; s++) {
          gradientTransformSmall(
              source, from + s * columnStep, rowStep, work, rowsFrom + s * LANES, tile * LANES);
        }
        for (int p = 0; p < patch; p++) {
          gradientTransformSmall(work, rowsFrom + p * tile * LANES, LANES, dm,
              gradientOffset(p * patch, c, t, rowsPadded, panels), pointStep);
        }
      }
    }
  }

  // Output tile (oy, ox)'s tile x tile pixels, LANES channels from c on, into work from ORIGIN on,
  // zeros for the pixels past the output's edge.
  private void copyEdgeTile(
      float[] dOut, Conv2dGeometry g, int b, int oy, int ox, int c, float[] work) {
    for (int r = 0; r < tile; r++) {
      for (int s = 0; s < tile; s++) {
        int to = ORIGIN + (r * tile + s) * LANES;
        // A vector's load and store: System.arraycopy and Arrays.fill, called for 16 floats, spent
        // 3 % of a training step of Keras' CIFAR-10 example in their stubs (perf).
        if (oy + r < g.oh() && ox + s < g.ow()) {
          int from = ((b * g.oh() + oy + r) * g.ow() + ox + s) * g.cout() + c;
          FloatVector.fromArray(SPECIES, dOut, from).intoArray(work, to);
        } else {
          FloatVector.zero(SPECIES).intoArray(work, to);
        }
      }
    }
  }

  // dst[to + k * toStep] = (A x)[k], k < 8, for the tile vectors x[i] = src[from + i * fromStep].
  // Each pair of points ±a shares the even part x0 + a² x2 + ... and the odd part a x1 + a³ x3 +
  // ...; infinity's point is the last x.
  private void gradientTransformLarge(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep) {
    // Under the JIT's inlining limit, as outputTransform: one pass over the pairs x[i], x[i + 1]
    // (the tile is even), from zeros; the sums are those of the terms in order, exactly.
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector even1 = zero;
    FloatVector odd1 = zero;
    FloatVector even2 = zero;
    FloatVector odd2 = zero;
    FloatVector evenHalf = zero;
    FloatVector oddHalf = zero;
    FloatVector odd = zero;
    FloatVector.fromArray(SPECIES, src, from).intoArray(dst, to);
    for (int i = 0; i < tile; i += 2, from += 2 * fromStep) {
      FloatVector even = FloatVector.fromArray(SPECIES, src, from);
      odd = FloatVector.fromArray(SPECIES, src, from + fromStep);
      even1 = even1.add(even);
      odd1 = odd1.add(odd);
      even2 = even.lanewise(FMA, POWERS_OF_TWO[i], even2);
      odd2 = odd.lanewise(FMA, POWERS_OF_TWO[i + 1], odd2);
      evenHalf = even.lanewise(FMA, POWERS_OF_HALF[i], evenHalf);
      oddHalf = odd.lanewise(FMA, POWERS_OF_HALF[i + 1], oddHalf);
    }
    even1.add(odd1).intoArray(dst, to += toStep);
    even1.sub(odd1).intoArray(dst, to += toStep);
    even2.add(odd2).intoArray(dst, to += toStep);
    even2.sub(odd2).intoArray(dst, to += toStep);
    evenHalf.add(oddHalf).intoArray(dst, to += toStep);
    evenHalf.sub(oddHalf).intoArray(dst, to += toStep);
    // Infinity's point: the last x.
    odd.intoArray(dst, to + toStep);
  }

  // gradientTransformLarge's for a tile of 4 into a 6x6 patch: A, the transpose of
  // outputTransformSmall's Aᵀ.
  private static void gradientTransformSmall(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, from);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, from + fromStep);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, from + 2 * fromStep);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, from + 3 * fromStep);
    FloatVector even1 = x0.add(x2);
    FloatVector odd1 = x1.add(x3);
    FloatVector even2 = x2.lanewise(FMA, 4f, x0);
    FloatVector odd2 = x3.lanewise(FMA, 8f, x1.mul(2f));
    x0.intoArray(dst, to);
    even1.add(odd1).intoArray(dst, to + toStep);
    even1.sub(odd1).intoArray(dst, to + 2 * toStep);
    even2.add(odd2).intoArray(dst, to + 3 * toStep);
    even2.sub(odd2).intoArray(dst, to + 4 * toStep);
    x3.intoArray(dst, to + 5 * toStep);
  }

  // dFilter[ky][kx] = sum over points (p, q) of G[p][ky] * G[q][kx] * dU[p][q], the transpose of
  // transformFilter, vectors along [ci][co].
  private void untransformGradient(float[] du, Conv2dGeometry g, float[] dFilter) {
    int slice = g.cin() * g.cout();
    int columnsU = gradientColumns(g);
    int pointSize = gradientRows(g) * columnsU;
    // rows[p][kx] = sum over q of G[q][kx] * dU[p][q]; then dFilter[ky][kx] = sum over p.
    float[] rows = Scratch.get().floats(Scratch.Slot.WINOGRAD_FILTER_ROWS, patch * taps * slice);
    Arrays.fill(rows, 0, patch * taps * slice, 0f);
    Arrays.fill(dFilter, 0, taps * taps * slice, 0f);
    for (int p = 0; p < patch; p++) {
      for (int q = 0; q < patch; q++) {
        for (int kx = 0; kx < taps; kx++) {
          for (int ci = 0; ci < g.cin(); ci++) {
            addScaled(
                du,
                (p * patch + q) * pointSize + ci * columnsU,
                filterMatrix[q][kx],
                rows,
                (p * taps + kx) * slice + ci * g.cout(),
                g.cout());
          }
        }
      }
    }
    for (int ky = 0; ky < taps; ky++) {
      for (int p = 0; p < patch; p++) {
        for (int kx = 0; kx < taps; kx++) {
          addScaled(
              rows,
              (p * taps + kx) * slice,
              filterMatrix[p][ky],
              dFilter,
              (ky * taps + kx) * slice,
              slice);
        }
      }
    }
  }

  // dst[to + e] += coefficient * src[from + e] for e < length, a multiple of LANES.
  private static void addScaled(
      float[] src, int from, float coefficient, float[] dst, int to, int length) {
    if (coefficient == 0) {
      return;
    }
    for (int e = 0; e < length; e += LANES) {
      FloatVector.fromArray(SPECIES, src, from + e)
          .mul(coefficient)
          .add(FloatVector.fromArray(SPECIES, dst, to + e))
          .intoArray(dst, to + e);
    }
  }

  /** The filter transformed for {@link #forward}, in the calling thread's scratch. */
  float[] transformFilter(float[] filter, Conv2dGeometry g) {
    int panels = Gemm.ceilDiv(g.cout(), NR);
    float[] u = Scratch.get().floats(Scratch.Slot.WINOGRAD_FILTER, points * g.cin() * panels * NR);
    transformFilter(filter, g, u, panels);
    return u;
  }

  /**
   * {@code u[ξ]}, packed as {@link MicroKernel#multiplyRows} reads {@code B}: for each point, the
   * {@code [cin, cout]} matrix {@code G g Gᵀ} in panels of {@link MicroKernel#NR} columns, zeros
   * past {@code cout}.
   */
  private void transformFilter(float[] filter, Conv2dGeometry g, float[] u, int panels) {
    int slice = g.cin() * g.cout();
    int pointSize = g.cin() * panels * NR;
    Arrays.fill(u, ORIGIN, ORIGIN + points * pointSize, 0f);
    // rows[p][kx] = sum over ky of G[p][ky] * filter[ky][kx]; then u[p][q] = rows[p] · G[q].
    float[] rows = Scratch.get().floats(Scratch.Slot.WINOGRAD_FILTER_ROWS, patch * taps * slice);
    Arrays.fill(rows, 0, patch * taps * slice, 0f);
    for (int p = 0; p < patch; p++) {
      for (int ky = 0; ky < taps; ky++) {
        for (int kx = 0; kx < taps; kx++) {
          addScaled(
              filter,
              (ky * taps + kx) * slice,
              filterMatrix[p][ky],
              rows,
              (p * taps + kx) * slice,
              slice);
        }
      }
    }
    for (int point = 0; point < points; point++) {
      int p = point / patch;
      int q = point % patch;
      for (int kx = 0; kx < taps; kx++) {
        float coefficient = filterMatrix[q][kx];
        for (int ci = 0; coefficient != 0 && ci < g.cin(); ci++) {
          int from = (p * taps + kx) * slice + ci * g.cout();
          for (int panel = 0; panel < panels; panel++) {
            int to = ORIGIN + point * pointSize + (panel * g.cin() + ci) * NR;
            int co0 = panel * NR;
            int width = Math.min(NR, g.cout() - co0);
            for (int j = 0; j < width; j += LANES) {
              FloatVector.fromArray(SPECIES, rows, from + co0 + j)
                  .mul(coefficient)
                  .add(FloatVector.fromArray(SPECIES, u, to + j))
                  .intoArray(u, to + j);
            }
          }
        }
      }
    }
  }

  // Input rows [y0, y0 + height) of image b into a band of height x width pixels, zero-padded: the
  // image's first column at padLeft. Only the padding is zeroed, not what the rows' copies cover.
  private static void padBand(
      float[] input, Conv2dGeometry g, int b, int y0, int height, int width, float[] band) {
    int cin = g.cin();
    int rowLength = width * cin;
    int left = g.padLeft() * cin;
    int columns = Math.min(g.w(), width - g.padLeft()) * cin;
    int firstRow = Math.max(0, -y0);
    int endRow = Math.max(firstRow, Math.min(height, g.h() - y0));
    Arrays.fill(band, ORIGIN, ORIGIN + firstRow * rowLength, 0f);
    for (int y = firstRow; y < endRow; y++) {
      int row = ORIGIN + y * rowLength;
      Arrays.fill(band, row, row + left, 0f);
      System.arraycopy(input, (b * g.h() + y0 + y) * g.w() * cin, band, row + left, columns);
      Arrays.fill(band, row + left + columns, row + rowLength, 0f);
    }
    Arrays.fill(band, ORIGIN + endRow * rowLength, ORIGIN + height * rowLength, 0f);
  }

  /**
   * Where {@code V[ξ][t]} starts in a band of {@code rowsPadded} tiles: tile {@code t}'s row of a
   * group of {@link #pointsPerRow} points, rows {@link MicroKernel#ROW_STRIDE} floats apart, so
   * that {@link MicroKernel#multiply} reads each point's {@value MicroKernel#MR} tiles as a row
   * panel (its fastest kernel: one register addresses every row). Points share rows so as not to
   * leave most of each row empty: one point per row took eight times the memory and ran the
   * forward pass 0.8x as fast.
   */
  private int patchOffset(int point, int t, int rowsPadded, int cin) {
    int perRow = pointsPerRow(cin);
    return ORIGIN + ((point / perRow) * rowsPadded + t) * ROW_STRIDE + (point % perRow) * cin;
  }

  // A row of the patch (all its points), or half of one, or a single point: so that the half a
  // patch's points an input transform writes together lie a constant step apart.
  private int pointsPerRow(int cin) {
    int half = patch / 2;
    return patch * cin <= ROW_STRIDE ? patch : half * cin <= ROW_STRIDE ? half : 1;
  }

  private int groups(int cin) {
    return points / pointsPerRow(cin);
  }

  // v[ξ][t] = (Bᵀ d B)[ξ] for the patch at band[from], rows rowStep apart, LANES channels at a
  // time.
  private void transformPatch(
      float[] band, int from, int rowStep, int cin, float[] v, int t, int rowsPadded,
      float[] work) {
    // Consecutive points lie cin apart in a group's row, or a group apart when each has its own.
    int pointStep = pointsPerRow(cin) > 1 ? cin : rowsPadded * ROW_STRIDE;
    int half = patch / 2;
    for (int c = 0; c < cin; c += LANES) {
      // Down each column of the patch, then along each row of the result. One loop serves both
      // patch sizes here, unlike untransformTile: inputTransformLarge is over the JIT's inlining
      // limit either way.
      for (int x = 0; x < patch; x++) {
        int at = from + x * cin + c;
        int to = ORIGIN + x * LANES;
        int rest = to + half * patch * LANES;
        if (patch == LARGE_PATCH) {
          inputTransformLarge(band, at, rowStep, work, to, patch * LANES, rest);
        } else {
          inputTransformSmall(band, at, rowStep, work, to, patch * LANES, rest);
        }
      }
      for (int p = 0; p < patch; p++) {
        int at = ORIGIN + p * patch * LANES;
        int to = patchOffset(p * patch, t, rowsPadded, cin) + c;
        int rest = patchOffset(p * patch + half, t, rowsPadded, cin) + c;
        if (patch == LARGE_PATCH) {
          inputTransformLarge(work, at, LANES, v, to, pointStep, rest);
        } else {
          inputTransformSmall(work, at, LANES, v, to, pointStep, rest);
        }
      }
    }
  }

  // dst[to + k * toStep] = (Bᵀ x)[k] for k < 4, dst[rest + (k - 4) * toStep] for k >= 4, for the
  // eight vectors x[i] = src[from + i * fromStep]. Rows 1 to 6 come in pairs for the points ±a,
  // the sum and difference of a part in the even inputs and a part in the odd ones.
  private static void inputTransformLarge(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep, int rest) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, from);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, from + fromStep);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, from + 2 * fromStep);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, from + 3 * fromStep);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, from + 4 * fromStep);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, from + 5 * fromStep);
    FloatVector x6 = FloatVector.fromArray(SPECIES, src, from + 6 * fromStep);
    FloatVector x7 = FloatVector.fromArray(SPECIES, src, from + 7 * fromStep);
    FloatVector x15 = x1.add(x5);
    FloatVector x26 = x2.add(x6);
    // ±1 (rows 1 and 2): 4 (x2 + x6) - 17 x4 and 4 (x1 + x5) - 17 x3.
    FloatVector even1 = x4.lanewise(FMA, -17f, x26.mul(4f));
    FloatVector odd1 = x3.lanewise(FMA, -17f, x15.mul(4f));
    // ±2 (rows 3 and 4): x2 - 5 x4 + 4 x6 and 2 x1 - 10 x3 + 8 x5.
    FloatVector even2 = x4.lanewise(FMA, -5f, x6.lanewise(FMA, 4f, x2));
    FloatVector odd2 = x3.lanewise(FMA, -10f, x5.lanewise(FMA, 8f, x1.mul(2f)));
    // ±1/2 (rows 5 and 6): 8 x2 - 10 x4 + 2 x6 and 4 x1 - 5 x3 + x5.
    FloatVector evenHalf = x4.lanewise(FMA, -10f, x6.lanewise(FMA, 2f, x2.mul(8f)));
    FloatVector oddHalf = x3.lanewise(FMA, -5f, x1.lanewise(FMA, 4f, x5));
    x4.sub(x2).lanewise(FMA, 21f, x0.sub(x6).mul(4f)).intoArray(dst, to);
    even1.add(odd1).intoArray(dst, to + toStep);
    even1.sub(odd1).intoArray(dst, to + 2 * toStep);
    even2.add(odd2).intoArray(dst, to + 3 * toStep);
    even2.sub(odd2).intoArray(dst, rest);
    evenHalf.add(oddHalf).intoArray(dst, rest + toStep);
    evenHalf.sub(oddHalf).intoArray(dst, rest + 2 * toStep);
    x3.sub(x5).lanewise(FMA, 21f, x7.sub(x1).mul(4f)).intoArray(dst, rest + 3 * toStep);
  }

  // inputTransformLarge's for the six vectors of a 6x6 patch, k < 3 and k >= 3, with Bᵀ = [4 0 -5
  // 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1], rows 1 to 4
  // in pairs as there.
  private static void inputTransformSmall(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep, int rest) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, from);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, from + fromStep);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, from + 2 * fromStep);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, from + 3 * fromStep);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, from + 4 * fromStep);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, from + 5 * fromStep);
    // ±1: x4 - 4 x2 and x3 - 4 x1; ±2: x4 - x2 and 2 (x3 - x1).
    FloatVector even1 = x2.lanewise(FMA, -4f, x4);
    FloatVector odd1 = x1.lanewise(FMA, -4f, x3);
    FloatVector even2 = x4.sub(x2);
    FloatVector odd2 = x3.sub(x1).mul(2f);
    x2.lanewise(FMA, -5f, x0.lanewise(FMA, 4f, x4)).intoArray(dst, to);
    even1.add(odd1).intoArray(dst, to + toStep);
    even1.sub(odd1).intoArray(dst, to + 2 * toStep);
    even2.add(odd2).intoArray(dst, rest);
    even2.sub(odd2).intoArray(dst, rest + toStep);
    x3.lanewise(FMA, -5f, x1.lanewise(FMA, 4f, x5)).intoArray(dst, rest + 2 * toStep);
  }

  // Output tile t: Aᵀ M A from the products, plus bias and ReLU, into the pixels inside the image.
  private void untransformTile(
      float[] m,
      int t,
      int rowsPadded,
      int ldm,
      float[] bias,
      boolean relu,
      float[] out,
      Conv2dGeometry g,
      int b,
      int oy,
      int ox,
      float[] work) {
    int columnStep = patch * rowsPadded * ldm;
    int rows = Math.min(tile, g.oh() - oy);
    int columns = Math.min(tile, g.ow() - ox);
    // Row r of the tile's outputs goes to work[tileRows + r * tile * LANES...].
    int tileRows = ORIGIN + points * LANES;
    for (int c = 0; c < g.cout(); c += LANES) {
      // Down each column of M into tile rows of a patch's side, then along each of those rows
      // inside the output. Each patch size has loops of its own: with the calls of both in one
      // loop, C2 ran out of nodes for inlining (NodeCountInliningCutoff) before the large patch's
      // second call, and the 3x3 layers of the VGG-style network ran 0.95x as fast.
      int column = ORIGIN + t * ldm + c;
      if (patch == LARGE_PATCH) {
        for (int q = 0; q < patch; q++) {
          int from = column + q * rowsPadded * ldm;
          outputTransformLarge(m, from, columnStep, work, ORIGIN + q * LANES, patch * LANES);
        }
        for (int r = 0; r < rows; r++) {
          outputTransformLarge(
              work, ORIGIN + r * patch * LANES, LANES, work, tileRows + r * tile * LANES, LANES);
        }
      } else {
        for (int q = 0; q < patch; q++) {
          int from = column + q * rowsPadded * ldm;
          outputTransformSmall(m, from, columnStep, work, ORIGIN + q * LANES, patch * LANES);
        }
        for (int r = 0; r < rows; r++) {
          outputTransformSmall(
              work, ORIGIN + r * patch * LANES, LANES, work, tileRows + r * tile * LANES, LANES);
        }
      }
      for (int r = 0; r < rows; r++) {
        for (int s = 0; s < columns; s++) {
          FloatVector y =
              FloatVector.fromArray(SPECIES, work, tileRows + (r * tile + s) * LANES);
          if (bias != null) {
            y = y.add(FloatVector.fromArray(SPECIES, bias, c));
          }
          if (relu) {
            y = y.max(0f);
          }
          y.intoArray(out, ((b * g.oh() + oy + r) * g.ow() + ox + s) * g.cout() + c);
        }
      }
    }
  }

  // dst[to + k * toStep] = (Aᵀ x)[k], k < tile, for the eight vectors x[i] = src[from + i *
  // fromStep]: powers 0 to tile - 1 of the points, from sums and differences of each pair ±a;
  // infinity's point adds to the last.
  private void outputTransformLarge(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep) {
    // Kept under the JIT's inlining limit for hot methods (325 bytes of bytecode): the loads step
    // from on, and each row's expression is written once. Not inlined, the forward pass ran 0.9x.
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, from);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x6 = FloatVector.fromArray(SPECIES, src, from += fromStep);
    FloatVector x7 = FloatVector.fromArray(SPECIES, src, from + fromStep);
    FloatVector sum1 = x1.add(x2);
    FloatVector difference1 = x1.sub(x2);
    FloatVector sum2 = x3.add(x4);
    FloatVector difference2 = x3.sub(x4);
    FloatVector sumHalf = x5.add(x6);
    FloatVector differenceHalf = x5.sub(x6);
    x0.add(sum1).add(sum2).add(sumHalf).intoArray(dst, to);
    // Row k: the k-th powers of the points, times the differences for odd k, the sums for even k.
    // The tile is even, so rows come in pairs but for the last, odd, which infinity's x7 joins.
    for (int k = 1; k < tile; k += 2) {
      FloatVector odd =
          differenceHalf.lanewise(
              FMA, POWERS_OF_HALF[k], difference2.lanewise(FMA, POWERS_OF_TWO[k], difference1));
      if (k + 1 == tile) {
        odd = odd.add(x7);
      } else {
        sumHalf
            .lanewise(FMA, POWERS_OF_HALF[k + 1], sum2.lanewise(FMA, POWERS_OF_TWO[k + 1], sum1))
            .intoArray(dst, to + (k + 1) * toStep);
      }
      odd.intoArray(dst, to + k * toStep);
    }
  }

  // outputTransformLarge's for the six vectors of a 6x6 patch (a tile of 4): Aᵀ = [1 1 1 1 1 0; 0
  // 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].
  private static void outputTransformSmall(
      float[] src, int from, int fromStep, float[] dst, int to, int toStep) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, from);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, from + fromStep);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, from + 2 * fromStep);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, from + 3 * fromStep);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, from + 4 * fromStep);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, from + 5 * fromStep);
    FloatVector sum1 = x1.add(x2);
    FloatVector difference1 = x1.sub(x2);
    FloatVector sum2 = x3.add(x4);
    FloatVector difference2 = x3.sub(x4);
    x0.add(sum1).add(sum2).intoArray(dst, to);
    difference2.lanewise(FMA, 2f, difference1).intoArray(dst, to + toStep);
    sum2.lanewise(FMA, 4f, sum1).intoArray(dst, to + 2 * toStep);
    difference2.lanewise(FMA, 8f, difference1).add(x5).intoArray(dst, to + 3 * toStep);
  }
}
