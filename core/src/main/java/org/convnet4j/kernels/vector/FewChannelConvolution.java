package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.LANES;
import static org.convnet4j.kernels.vector.MicroKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;

/**
 * The forward convolution of an input with few channels (a first layer: grey or colour images),
 * stride 1, filters at most {@value #WIDTH} wide, output channels in whole vectors, output rows
 * at least {@value #PIXELS} wide. Through im2col, such a convolution's rows are runs of {@code kw
 * * cin} floats (5 for the tutorial's first layer), and the GEMM micro-kernel's set-up around runs
 * that short cost as much as their arithmetic: 68 to 72 GFLOP/s on one thread for the tutorial's
 * layer. Here each input value, broadcast once, meets every filter tap of its row that reaches one
 * of {@value #PIXELS} neighbouring output pixels: one vector of output channels for each pixel in
 * registers, {@value #PIXELS} + 4 broadcasts and {@value #WIDTH} filter loads for 70 FMAs per
 * filter row and input channel. Narrower filters are padded with zero taps to {@value #WIDTH}.
 *
 * <p>Each task copies the input rows its output rows need into planes, one per channel, zero-padded
 * to {@code ow + 4} columns, so the taps of one filter row and channel lie one float apart. Each
 * output value is summed over filter rows, input channels, then filter columns, whatever the
 * number of threads; a row's last block of pixels overlaps the one before it when {@code ow} is
 * not a multiple of {@value #PIXELS}, and recomputes the same values. Must match {@code
 * ReferenceKernels.conv2d}.
 */
final class FewChannelConvolution {

  /** Output pixels along a row per block. */
  static final int PIXELS = 14;

  /** Filter columns every block multiplies: narrower filters get zero taps. */
  static final int WIDTH = 5;

  // Past this, an im2col run is long enough for the GEMM's micro-kernel.
  private static final int MAX_CHANNELS = 4;

  private final float[] filter;
  private final Conv2dGeometry g;

  private FewChannelConvolution(float[] filter, Conv2dGeometry g) {
    this.filter = filter;
    this.g = g;
  }

  /** Whether {@link #prepare} takes {@code g}. */
  static boolean fits(Conv2dGeometry g) {
    return g.cin() <= MAX_CHANNELS
        && g.strideH() == 1
        && g.strideW() == 1
        && g.kw() <= WIDTH
        && g.cout() % LANES == 0
        && g.ow() >= PIXELS;
  }

  /**
   * {@code filter} ({@code [kh, kw, cin, cout]}) made ready for {@code g}, which {@link #fits}:
   * as {@code [kh, cin, WIDTH, cout]}, zero past {@code kw}, in the calling thread's scratch.
   */
  static FewChannelConvolution prepare(float[] filter, Conv2dGeometry g) {
    int cout = g.cout();
    float[] widened =
        Scratch.get().floats(Scratch.Slot.CONV_PACKED_FILTER, g.kh() * g.cin() * WIDTH * cout);
    Arrays.fill(widened, 0f);
    for (int ky = 0; ky < g.kh(); ky++) {
      for (int c = 0; c < g.cin(); c++) {
        for (int kx = 0; kx < g.kw(); kx++) {
          System.arraycopy(
              filter,
              ((ky * g.kw() + kx) * g.cin() + c) * cout,
              widened,
              ((ky * g.cin() + c) * WIDTH + kx) * cout,
              cout);
        }
      }
    }
    return new FewChannelConvolution(widened, g);
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
    int plane = (bandRows + g.kh() - 1) * width;
    // Where filter row ky and channel c start in a band's planes, in the filter's order.
    int[] taps = new int[g.kh() * g.cin()];
    for (int ky = 0; ky < g.kh(); ky++) {
      for (int c = 0; c < g.cin(); c++) {
        taps[ky * g.cin() + c] = c * plane + ky * width;
      }
    }
    Epilogue epilogue = new Epilogue(false, bias, relu);
    int imageOut = g.oh() * g.ow() * g.cout();
    Parallelism.forEach(
        part.n() * bands,
        t -> {
          int image = t / bands;
          int y0 = (t % bands) * bandRows;
          int y1 = Math.min(g.oh(), y0 + bandRows);
          float[] planes = Scratch.get().floats(Scratch.Slot.CONV_PADDED_IMAGE, g.cin() * plane);
          copyRows(input, firstImage + image, y0, y1 + g.kh() - 1, planes, plane, width);
          for (int y = y0; y < y1; y++) {
            int rowOut = image * imageOut + y * g.ow() * g.cout();
            for (int x = 0; x < g.ow(); x += PIXELS) {
              int x0 = Math.min(x, g.ow() - PIXELS);
              int base = (y - y0) * width + x0;
              for (int co = 0; co < g.cout(); co += LANES) {
                int o = rowOut + x0 * g.cout() + co;
                block(planes, base, taps, filter, co, g.cout(), out, o);
                epilogue.finish(out, o, g.cout(), PIXELS, LANES, co);
              }
            }
          }
        });
  }

  // Padded rows [r0, r1) of image b (rows of the input shifted by padTop) into one plane per
  // channel, each row width floats: the input's columns from padLeft on, zeros around them.
  private void copyRows(
      float[] input, int b, int r0, int r1, float[] planes, int plane, int width) {
    int cin = g.cin();
    for (int c = 0; c < cin; c++) {
      for (int r = r0; r < r1; r++) {
        int to = c * plane + (r - r0) * width;
        Arrays.fill(planes, to, to + width, 0f);
        int y = r - g.padTop();
        if (y < 0 || y >= g.h()) {
          continue;
        }
        int from = ((b * g.h() + y) * g.w()) * cin + c;
        int first = to + g.padLeft();
        if (cin == 1) {
          System.arraycopy(input, from, planes, first, g.w());
        } else {
          for (int x = 0; x < g.w(); x++) {
            planes[first + x] = input[from + x * cin];
          }
        }
      }
    }
  }

  // Output pixels [o, o + PIXELS * cout) step cout, channels [co, co + LANES): for each filter row
  // and channel t, input value j of the row meets filter column kx in output pixel j - kx.
  // Package-private for KernelWarmUp.
  static void block(
      float[] in, int base, int[] taps, float[] w, int wOffset, int cout, float[] out, int o) {
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
    for (int t = 0; t < taps.length; t++) {
      int row = base + taps[t];
      int wt = wOffset + t * WIDTH * cout;
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
