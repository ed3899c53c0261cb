package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.LANES;
import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The forward convolution of an input with one channel (a first layer on grey images), stride 1,
 * filters at most {@value #WIDTH} wide, output channels in whole vectors, output rows at least
 * {@value #PIXELS} wide. Through im2col, such a convolution's rows are runs of {@code kw} floats,
 * and the GEMM micro-kernel's set-up around runs that short costs as much as their arithmetic:
 * 1.20 to 1.32 ms for the tutorial's 3x3 and 5x5 first layers at batch 128, 2 threads, where this
 * kernel takes 0.87 to 1.09. Each input value, broadcast once, meets every filter tap of its row
 * that reaches one of {@value #PIXELS} neighbouring output pixels, one vector of output channels
 * for each pixel in registers: {@value #PIXELS} + 4 broadcasts and {@value #WIDTH} filter loads
 * for 70 FMAs per filter row. Narrower filters are padded with zero taps to {@value #WIDTH}. With
 * three input channels (colour) the im2col runs are long enough, and this kernel was slower.
 *
 * <p>Each task copies the input rows its output rows need, zero-padded to {@code ow + 4} columns,
 * so the taps of one filter row lie one float apart. Each output value is summed over filter rows,
 * then columns, whatever the number of threads; a row's last block of pixels overlaps the one
 * before it when {@code ow} is not a multiple of {@value #PIXELS}, and recomputes the same values.
 * Must match {@code ReferenceKernels.conv2d}.
 */
final class SingleChannelConvolution {

  /** Output pixels along a row per block. */
  static final int PIXELS = 14;

  /** Filter columns every block multiplies: narrower filters get zero taps. */
  static final int WIDTH = 5;

  // Output rows whose gradient meets every filter row in turn while it is in L1: 4 rows of the
  // tutorial's first layer are 14 KB.
  private static final int GRADIENT_ROWS = 4;

  private final float[] filter;
  private final Conv2dGeometry g;

  private SingleChannelConvolution(float[] filter, Conv2dGeometry g) {
    this.filter = filter;
    this.g = g;
  }

  /** Whether {@link #prepare} takes {@code g}. */
  static boolean fits(Conv2dGeometry g) {
    return g.cin() == 1
        && g.strideH() == 1
        && g.strideW() == 1
        && g.kw() <= WIDTH
        && g.cout() % LANES == 0
        && g.ow() >= PIXELS;
  }

  /**
   * {@code filter} ({@code [kh, kw, 1, cout]}) made ready for {@code g}, which {@link #fits}: as
   * {@code [kh, WIDTH, cout]}, zero past {@code kw}, in the calling thread's scratch.
   */
  static SingleChannelConvolution prepare(float[] filter, Conv2dGeometry g) {
    int cout = g.cout();
    float[] widened =
        Scratch.get().floats(Scratch.Slot.CONV_PACKED_FILTER, g.kh() * WIDTH * cout);
    Arrays.fill(widened, 0, g.kh() * WIDTH * cout, 0f);
    for (int ky = 0; ky < g.kh(); ky++) {
      System.arraycopy(filter, ky * g.kw() * cout, widened, ky * WIDTH * cout, g.kw() * cout);
    }
    return new SingleChannelConvolution(widened, g);
  }

  /**
   * {@code out = relu?(conv2d(input) + bias)} for images {@code [firstImage, firstImage +
   * part.n())} of {@code input}, {@code part} being the prepared geometry but for its batch size;
   * {@code out} holds those images' outputs from its start. {@code bias} may be null.
   */
  void forward(
      float[] input, int firstImage, float[] bias, boolean relu, float[] out, Conv2dGeometry part) {
    // Bands of output rows: whole images when there are enough to share out, else parts of them.
    int bands = Math.min(g.oh(), Gemm.ceilDiv(2 * Parallelism.threads(), Math.max(1, part.n())));
    int bandRows = Gemm.ceilDiv(g.oh(), bands);
    int width = g.ow() + WIDTH - 1;
    int rowsIn = bandRows + g.kh() - 1;
    Epilogue epilogue = new Epilogue(false, bias, relu);
    int imageOut = g.oh() * g.ow() * g.cout();
    Parallelism.forEach(
        part.n() * bands,
        t -> {
          int image = t / bands;
          int y0 = (t % bands) * bandRows;
          int y1 = Math.min(g.oh(), y0 + bandRows);
          float[] rows = Scratch.get().floats(Scratch.Slot.CONV_PADDED_IMAGE, rowsIn * width);
          copyRows(input, firstImage + image, y0, y1 + g.kh() - 1, rows, width, g);
          for (int y = y0; y < y1; y++) {
            int rowOut = image * imageOut + y * g.ow() * g.cout();
            for (int x = 0; x < g.ow(); x += PIXELS) {
              int x0 = Math.min(x, g.ow() - PIXELS);
              int base = (y - y0) * width + x0;
              for (int co = 0; co < g.cout(); co += LANES) {
                int o = rowOut + x0 * g.cout() + co;
                block(rows, base, width, g.kh(), filter, co, g.cout(), out, o);
                epilogue.finish(out, o, g.cout(), PIXELS, LANES, co);
              }
            }
          }
        });
  }

  // Padded rows [r0, r1) of image b (rows of the input shifted by padTop), each width floats: the
  // input's columns from padLeft on, zeros around them.
  private static void copyRows(
      float[] input, int b, int r0, int r1, float[] rows, int width, Conv2dGeometry g) {
    for (int r = r0; r < r1; r++) {
      int to = (r - r0) * width;
      Arrays.fill(rows, to, to + width, 0f);
      int y = r - g.padTop();
      if (y >= 0 && y < g.h()) {
        System.arraycopy(input, (b * g.h() + y) * g.w(), rows, to + g.padLeft(), g.w());
      }
    }
  }

  /**
   * Whether {@link #backwardFilter} takes {@code g}: as {@link #fits}, with output channels in
   * whole pairs of vectors.
   */
  static boolean fitsFilterGradient(Conv2dGeometry g) {
    return fits(g) && g.cout() % (2 * LANES) == 0;
  }

  /**
   * {@code dFilter = col(input)ᵀ · dOut} for a {@code g} that {@link #fitsFilterGradient}: image
   * by image, each filter row ky and pair of channel vectors in turn, one pass over the output
   * pixels with the {@value #WIDTH} taps of that row in registers, over fixed slices of the batch
   * ({@link BatchSlices}). Through the GEMM, the input's windows are rows of 28 floats (the
   * tutorial's first layer) against which {@code dOut} is packed image by image.
   */
  static void backwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    backwardFilter(input, dOut, null, dFilter, g);
  }

  /**
   * {@link #backwardFilter(float[], float[], float[], Conv2dGeometry)} with each image's output
   * gradient made by {@code source}, image by image, into a buffer of the thread's own (in L2)
   * instead of read from a whole batch's.
   */
  static void backwardFilter(
      float[] input, ImageGradient source, float[] dFilter, Conv2dGeometry g) {
    backwardFilter(input, null, source, dFilter, g);
  }

  // From dOut, or image by image from source when dOut is null.
  private static void backwardFilter(
      float[] input, float[] dOut, ImageGradient source, float[] dFilter, Conv2dGeometry g) {
    int width = g.ow() + WIDTH - 1;
    int rowsIn = g.oh() + g.kh() - 1;
    int wideSize = g.kh() * WIDTH * g.cout();
    int imageOut = g.oh() * g.ow() * g.cout();
    float[] partials =
        BatchSlices.sums(
            g,
            g.filterSize(),
            (first, last, partial, offset) -> {
              Scratch scratch = Scratch.get();
              float[] rows = scratch.floats(Scratch.Slot.CONV_PADDED_IMAGE, rowsIn * width);
              float[] wide = scratch.floats(Scratch.Slot.CONV_PACKED_GRADIENT, wideSize);
              float[] image =
                  dOut != null ? dOut : scratch.floats(Scratch.Slot.CONV_IMAGE_GRADIENT, imageOut);
              Arrays.fill(wide, 0, wideSize, 0f);
              for (int b = first; b < last; b++) {
                copyRows(input, b, 0, rowsIn, rows, width, g);
                int d = b * imageOut;
                if (dOut == null) {
                  source.into(b, image);
                  d = 0;
                }
                for (int y0 = 0; y0 < g.oh(); y0 += GRADIENT_ROWS) {
                  int y1 = Math.min(g.oh(), y0 + GRADIENT_ROWS);
                  for (int ky = 0; ky < g.kh(); ky++) {
                    for (int co = 0; co < g.cout(); co += 2 * LANES) {
                      filterRowGradient(rows, ky * width, width, image, d + co, y0, y1, g, wide,
                          ky * WIDTH * g.cout() + co);
                    }
                  }
                }
              }
              for (int ky = 0; ky < g.kh(); ky++) {
                System.arraycopy(wide, ky * WIDTH * g.cout(), partial,
                    offset + ky * g.kw() * g.cout(), g.kw() * g.cout());
              }
            });
    System.arraycopy(partials, 0, dFilter, 0, g.filterSize());
  }

  // wide[t + kx * cout + (0 or LANES)] += sum over output pixels (y, x), y0 <= y < y1, of in[row + y * width + x
  // + kx] * dOut[d + (y * ow + x) * cout + (0 or LANES)], kx < WIDTH: one filter row's taps, two
  // vectors of output channels.
  private static void filterRowGradient(float[] in, int row, int width, float[] dOut, int d,
      int y0, int y1, Conv2dGeometry g, float[] wide, int t) {
    int cout = g.cout();
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    FloatVector b4 = a0;
    for (int y = y0; y < y1; y++) {
      int i = row + y * width;
      int dy = d + y * g.ow() * cout;
      for (int x = 0; x < g.ow(); x++) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, dOut, dy + x * cout);
        FloatVector d1 = FloatVector.fromArray(SPECIES, dOut, dy + x * cout + LANES);
        FloatVector v = FloatVector.broadcast(SPECIES, in[i + x]);
        a0 = v.fma(d0, a0);
        b0 = v.fma(d1, b0);
        v = FloatVector.broadcast(SPECIES, in[i + x + 1]);
        a1 = v.fma(d0, a1);
        b1 = v.fma(d1, b1);
        v = FloatVector.broadcast(SPECIES, in[i + x + 2]);
        a2 = v.fma(d0, a2);
        b2 = v.fma(d1, b2);
        v = FloatVector.broadcast(SPECIES, in[i + x + 3]);
        a3 = v.fma(d0, a3);
        b3 = v.fma(d1, b3);
        v = FloatVector.broadcast(SPECIES, in[i + x + 4]);
        a4 = v.fma(d0, a4);
        b4 = v.fma(d1, b4);
      }
    }
    addInto(wide, t, a0);
    addInto(wide, t + LANES, b0);
    addInto(wide, t + cout, a1);
    addInto(wide, t + cout + LANES, b1);
    addInto(wide, t + 2 * cout, a2);
    addInto(wide, t + 2 * cout + LANES, b2);
    addInto(wide, t + 3 * cout, a3);
    addInto(wide, t + 3 * cout + LANES, b3);
    addInto(wide, t + 4 * cout, a4);
    addInto(wide, t + 4 * cout + LANES, b4);
  }

  // a[i...] += v. Small enough for C2 to inline, so v is never boxed.
  private static void addInto(float[] a, int i, FloatVector v) {
    FloatVector.fromArray(SPECIES, a, i).add(v).intoArray(a, i);
  }

  // Output pixels [o, o + PIXELS * cout) step cout, channels [co, co + LANES): in each filter row
  // ky, input value j of the row meets filter column kx in output pixel j - kx. Package-private for
  // KernelWarmUp.
  static void block(
      float[] in, int base, int width, int kh, float[] w, int co, int cout, float[] out, int o) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = FloatVector.zero(SPECIES);
    FloatVector c2 = FloatVector.zero(SPECIES);
    FloatVector c3 = FloatVector.zero(SPECIES);
    FloatVector c4 = FloatVector.zero(SPECIES);
    FloatVector c5 = FloatVector.zero(SPECIES);
    FloatVector c6 = FloatVector.zero(SPECIES);
    FloatVector c7 = FloatVector.zero(SPECIES);
    FloatVector c8 = FloatVector.zero(SPECIES);
    FloatVector c9 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES);
    FloatVector c11 = FloatVector.zero(SPECIES);
    FloatVector c12 = FloatVector.zero(SPECIES);
    FloatVector c13 = FloatVector.zero(SPECIES);
    for (int ky = 0; ky < kh; ky++) {
      int row = base + ky * width;
      int wt = co + ky * WIDTH * cout;
      FloatVector w0 = FloatVector.fromArray(SPECIES, w, wt);
      FloatVector w1 = FloatVector.fromArray(SPECIES, w, wt + cout);
      FloatVector w2 = FloatVector.fromArray(SPECIES, w, wt + 2 * cout);
      FloatVector w3 = FloatVector.fromArray(SPECIES, w, wt + 3 * cout);
      FloatVector w4 = FloatVector.fromArray(SPECIES, w, wt + 4 * cout);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, in[row]);
      c0 = x.fma(w0, c0);
      x = FloatVector.broadcast(SPECIES, in[row + 1]);
      c1 = x.fma(w0, c1);
      c0 = x.fma(w1, c0);
      x = FloatVector.broadcast(SPECIES, in[row + 2]);
      c2 = x.fma(w0, c2);
      c1 = x.fma(w1, c1);
      c0 = x.fma(w2, c0);
      x = FloatVector.broadcast(SPECIES, in[row + 3]);
      c3 = x.fma(w0, c3);
      c2 = x.fma(w1, c2);
      c1 = x.fma(w2, c1);
      c0 = x.fma(w3, c0);
      x = FloatVector.broadcast(SPECIES, in[row + 4]);
      c4 = x.fma(w0, c4);
      c3 = x.fma(w1, c3);
      c2 = x.fma(w2, c2);
      c1 = x.fma(w3, c1);
      c0 = x.fma(w4, c0);
      x = FloatVector.broadcast(SPECIES, in[row + 5]);
      c5 = x.fma(w0, c5);
      c4 = x.fma(w1, c4);
      c3 = x.fma(w2, c3);
      c2 = x.fma(w3, c2);
      c1 = x.fma(w4, c1);
      x = FloatVector.broadcast(SPECIES, in[row + 6]);
      c6 = x.fma(w0, c6);
      c5 = x.fma(w1, c5);
      c4 = x.fma(w2, c4);
      c3 = x.fma(w3, c3);
      c2 = x.fma(w4, c2);
      x = FloatVector.broadcast(SPECIES, in[row + 7]);
      c7 = x.fma(w0, c7);
      c6 = x.fma(w1, c6);
      c5 = x.fma(w2, c5);
      c4 = x.fma(w3, c4);
      c3 = x.fma(w4, c3);
      x = FloatVector.broadcast(SPECIES, in[row + 8]);
      c8 = x.fma(w0, c8);
      c7 = x.fma(w1, c7);
      c6 = x.fma(w2, c6);
      c5 = x.fma(w3, c5);
      c4 = x.fma(w4, c4);
      x = FloatVector.broadcast(SPECIES, in[row + 9]);
      c9 = x.fma(w0, c9);
      c8 = x.fma(w1, c8);
      c7 = x.fma(w2, c7);
      c6 = x.fma(w3, c6);
      c5 = x.fma(w4, c5);
      x = FloatVector.broadcast(SPECIES, in[row + 10]);
      c10 = x.fma(w0, c10);
      c9 = x.fma(w1, c9);
      c8 = x.fma(w2, c8);
      c7 = x.fma(w3, c7);
      c6 = x.fma(w4, c6);
      x = FloatVector.broadcast(SPECIES, in[row + 11]);
      c11 = x.fma(w0, c11);
      c10 = x.fma(w1, c10);
      c9 = x.fma(w2, c9);
      c8 = x.fma(w3, c8);
      c7 = x.fma(w4, c7);
      x = FloatVector.broadcast(SPECIES, in[row + 12]);
      c12 = x.fma(w0, c12);
      c11 = x.fma(w1, c11);
      c10 = x.fma(w2, c10);
      c9 = x.fma(w3, c9);
      c8 = x.fma(w4, c8);
      x = FloatVector.broadcast(SPECIES, in[row + 13]);
      c13 = x.fma(w0, c13);
      c12 = x.fma(w1, c12);
      c11 = x.fma(w2, c11);
      c10 = x.fma(w3, c10);
      c9 = x.fma(w4, c9);
      x = FloatVector.broadcast(SPECIES, in[row + 14]);
      c13 = x.fma(w1, c13);
      c12 = x.fma(w2, c12);
      c11 = x.fma(w3, c11);
      c10 = x.fma(w4, c10);
      x = FloatVector.broadcast(SPECIES, in[row + 15]);
      c13 = x.fma(w2, c13);
      c12 = x.fma(w3, c12);
      c11 = x.fma(w4, c11);
      x = FloatVector.broadcast(SPECIES, in[row + 16]);
      c13 = x.fma(w3, c13);
      c12 = x.fma(w4, c12);
      x = FloatVector.broadcast(SPECIES, in[row + 17]);
      c13 = x.fma(w4, c13);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + cout);
    c2.intoArray(out, o + 2 * cout);
    c3.intoArray(out, o + 3 * cout);
    c4.intoArray(out, o + 4 * cout);
    c5.intoArray(out, o + 5 * cout);
    c6.intoArray(out, o + 6 * cout);
    c7.intoArray(out, o + 7 * cout);
    c8.intoArray(out, o + 8 * cout);
    c9.intoArray(out, o + 9 * cout);
    c10.intoArray(out, o + 10 * cout);
    c11.intoArray(out, o + 11 * cout);
    c12.intoArray(out, o + 12 * cout);
    c13.intoArray(out, o + 13 * cout);
  }
}
