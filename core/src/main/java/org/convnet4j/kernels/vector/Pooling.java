package org.convnet4j.kernels.vector;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * Max and average pooling and their gradients, one image per task, vectorized across channels
 * (contiguous in NHWC). Must match {@code ReferenceKernels.maxPool}, {@code maxPoolBackward},
 * {@code avgPool} and {@code avgPoolBackward}.
 */
final class Pooling {

  private static final VectorSpecies<Float> FLOATS = MicroKernel.SPECIES;
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, FLOATS.vectorShape());

  private Pooling() {}

  static void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g) {
    maxPool(input, out, argmax, g, 0);
  }

  /**
   * {@link #maxPool} of {@code input}, images {@code [firstImage, firstImage + g.n())} of a larger
   * batch, into those images' places in that batch's {@code out} and {@code argmax}, whose indices
   * count from the larger batch's first image.
   */
  static void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g, int firstImage) {
    if (wholeTwoByTwo(g)) {
      maxPoolTwoByTwo(input, out, argmax, g, firstImage);
      return;
    }
    int c = g.c();
    int inShift = firstImage * g.h() * g.w() * c;
    int outShift = firstImage * g.oh() * g.ow() * c;
    // Each lane's offset, and the indices it records counted from the larger batch's start.
    IntVector lanes = IntVector.zero(INTS).addIndex(1).add(inShift);
    forEachWindow(
        g,
        (b, local, y0, y1, x0, x1) -> {
          int o = local + outShift;
          if (y0 >= y1 || x0 >= x1) {
            emptyMaxWindow(out, argmax, o, c);
            return;
          }
          // Whole vectors of channels, then the last few one by one: masked loads and stores
          // check every lane's index, which costs more than the pooling itself. Window order and
          // a strict comparison keep the first maximum, as the reference does.
          int c0 = 0;
          for (; c0 <= c - FLOATS.length(); c0 += FLOATS.length()) {
            int first = cell(g, b, y0, x0) + c0;
            FloatVector best = FloatVector.fromArray(FLOATS, input, first);
            IntVector bestIndex = lanes.add(first);
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                int i = cell(g, b, iy, ix) + c0;
                FloatVector v = FloatVector.fromArray(FLOATS, input, i);
                VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                bestIndex = bestIndex.blend(lanes.add(i), greater.cast(INTS));
              }
            }
            best.intoArray(out, o + c0);
            if (argmax != null) {
              bestIndex.intoArray(argmax, o + c0);
            }
          }
          for (; c0 < c; c0++) {
            int bestIndex = cell(g, b, y0, x0) + c0;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                int i = cell(g, b, iy, ix) + c0;
                if (input[i] > input[bestIndex]) {
                  bestIndex = i;
                }
              }
            }
            out[o + c0] = input[bestIndex];
            if (argmax != null) {
              argmax[o + c0] = bestIndex + inShift;
            }
          }
        });
  }

  // 2x2 windows at stride 2 that all lie inside the input, channels in whole vectors: the pooling
  // of the tutorial's network and of most others. Read straight from the window's two rows, with
  // no call and no clipping per window, it took about half the time of the general loop.
  private static boolean wholeTwoByTwo(Pool2dGeometry g) {
    return g.kh() == 2
        && g.kw() == 2
        && g.strideH() == 2
        && g.strideW() == 2
        && g.padTop() == 0
        && g.padLeft() == 0
        && 2 * g.oh() <= g.h()
        && 2 * g.ow() <= g.w()
        && g.c() % FLOATS.length() == 0;
  }

  // maxPool for a geometry that wholeTwoByTwo: each window's cells in window order, a strict
  // comparison keeping the first maximum, as the reference does.
  private static void maxPoolTwoByTwo(
      float[] input, float[] out, int[] argmax, Pool2dGeometry g, int firstImage) {
    int c = g.c();
    int rowIn = g.w() * c;
    int imageIn = g.h() * rowIn;
    int inShift = firstImage * imageIn;
    int outShift = firstImage * g.oh() * g.ow() * c;
    IntVector lanes = IntVector.zero(INTS).addIndex(1).add(inShift);
    Parallelism.forEach(
        g.n(),
        b -> {
          for (int oy = 0; oy < g.oh(); oy++) {
            int o = outShift + (b * g.oh() + oy) * g.ow() * c;
            int row = b * imageIn + 2 * oy * rowIn;
            for (int ox = 0; ox < g.ow(); ox++, o += c) {
              for (int c0 = 0; c0 < c; c0 += FLOATS.length()) {
                int i = row + 2 * ox * c + c0;
                FloatVector best = FloatVector.fromArray(FLOATS, input, i);
                if (argmax == null) {
                  // The same comparisons without the indices: inference takes no gradient.
                  best = firstMaximum(best, FloatVector.fromArray(FLOATS, input, i + c));
                  best = firstMaximum(best, FloatVector.fromArray(FLOATS, input, i + rowIn));
                  firstMaximum(best, FloatVector.fromArray(FLOATS, input, i + rowIn + c))
                      .intoArray(out, o + c0);
                  continue;
                }
                IntVector bestIndex = lanes.add(i);
                FloatVector v = FloatVector.fromArray(FLOATS, input, i + c);
                VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                bestIndex = bestIndex.blend(lanes.add(i + c), greater.cast(INTS));
                v = FloatVector.fromArray(FLOATS, input, i + rowIn);
                greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                bestIndex = bestIndex.blend(lanes.add(i + rowIn), greater.cast(INTS));
                v = FloatVector.fromArray(FLOATS, input, i + rowIn + c);
                greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                bestIndex = bestIndex.blend(lanes.add(i + rowIn + c), greater.cast(INTS));
                best.intoArray(out, o + c0);
                bestIndex.intoArray(argmax, o + c0);
              }
            }
          }
        });
  }

  static void maxPoolBackward(int[] argmax, float[] dOut, float[] dInput, Pool2dGeometry g) {
    route(argmax, dOut, null, dInput, g, null);
  }

  /**
   * {@code Kernels.maxPoolBiasReluBackward}: the ReLU's test and the bias sums ride along with the
   * routing, each image's sums taken while its gradient is still in cache, then added in image
   * order, so the result does not depend on the number of threads.
   */
  static void maxPoolBiasReluBackward(
      int[] argmax, float[] dOut, float[] pooled, float[] dz, float[] dBias, Pool2dGeometry g) {
    if (dBias == null) {
      route(argmax, dOut, pooled, dz, g, null);
      return;
    }
    int c = g.c();
    int rows = g.h() * g.w();
    float[] imageSums = Scratch.get().floats(Scratch.Slot.BIAS_BLOCK_SUMS, g.n() * c);
    route(argmax, dOut, pooled, dz, g,
        b -> BiasReluBackward.sumRows(dz, b * rows, (b + 1) * rows, c, imageSums, b * c));
    BiasReluBackward.addBlocks(imageSums, g.n(), c, dBias);
  }

  // Each dOut to its window's winning cell (see Router), one image per task, then afterImage (when
  // given) on that image.
  private static void route(
      int[] argmax,
      float[] dOut,
      float[] pooled,
      float[] dInput,
      Pool2dGeometry g,
      IntConsumer afterImage) {
    Router router = new Router(argmax, dOut, pooled, dInput, false, g);
    Parallelism.forEach(
        g.n(),
        b -> {
          router.image(b);
          if (afterImage != null) {
            afterImage.accept(b);
          }
        });
  }

  /**
   * Routes the gradient of a max pooling, and of a ReLU before it when {@code pooled} is given
   * (only outputs whose maximum was positive pass, the others route a zero), image by image: each
   * image's {@code dOut} to its windows' winning cells of {@code dInput}, at the image's place in
   * the batch or, {@code local}, in its first {@code h * w * c} floats, for a pass that uses an
   * image's gradient at once while it is in cache. One window visitor serves every image, so
   * routing allocates nothing per image.
   */
  static final class Router {
    private final int[] argmax;
    private final float[] dOut;
    private final float[] dInput;
    private final Pool2dGeometry g;
    private final Window window;
    private final boolean tiling;
    private final boolean disjoint;
    private final boolean twoByTwo;
    private final int imageIn;
    private final float[] pooled;
    private final boolean local;

    Router(int[] argmax, float[] dOut, float[] pooled, float[] dInput, boolean local,
        Pool2dGeometry g) {
      this.argmax = argmax;
      this.dOut = dOut;
      this.pooled = pooled;
      this.dInput = dInput;
      this.local = local;
      this.g = g;
      this.imageIn = g.h() * g.w() * g.c();
      this.disjoint = g.strideH() >= g.kh() && g.strideW() >= g.kw();
      this.twoByTwo = wholeTwoByTwo(g);
      this.tiling =
          g.strideH() == g.kh()
              && g.strideW() == g.kw()
              && g.oh() * g.kh() - g.padTop() >= g.h()
              && g.ow() * g.kw() - g.padLeft() >= g.w();
      // argmax counts cells from the batch's start; a local image's cells start at 0.
      this.window =
          (b, o, y0, y1, x0, x1) ->
              routeWindow(argmax, dOut, pooled, dInput, local ? b * imageIn : 0, g, b, o, y0, y1,
                  x0, x1);
    }

    /** Image {@code b}'s gradient into {@code dInput}. */
    void image(int b) {
      int start = local ? 0 : b * imageIn;
      // Windows that tile the input write every cell of it; otherwise the cells no window covers,
      // or all of them before a scatter, start at zero.
      if (!tiling) {
        Arrays.fill(dInput, start, start + imageIn, 0f);
      }
      if (twoByTwo) {
        routeTwoByTwo(b, b * imageIn - start);
        return;
      }
      if (disjoint) {
        forEachWindow(g, b, window);
        return;
      }
      int imageOut = g.oh() * g.ow() * g.c();
      int shift = b * imageIn - start;
      for (int o = b * imageOut; o < (b + 1) * imageOut; o++) {
        if (pooled == null || pooled[o] > 0) {
          dInput[argmax[o] - shift] += dOut[o];
        }
      }
    }

    // Image b's windows for a geometry that wholeTwoByTwo, as routeWindow routes them, each
    // window's two rows written straight; cell i goes to dInput[i - shift].
    private void routeTwoByTwo(int b, int shift) {
      int c = g.c();
      int rowIn = g.w() * c;
      IntVector lanes = IntVector.zero(INTS).addIndex(1);
      FloatVector zero = FloatVector.zero(FLOATS);
      for (int oy = 0; oy < g.oh(); oy++) {
        int o = (b * g.oh() + oy) * g.ow() * c;
        int row = b * imageIn + 2 * oy * rowIn;
        for (int ox = 0; ox < g.ow(); ox++, o += c) {
          for (int c0 = 0; c0 < c; c0 += FLOATS.length()) {
            int i = row + 2 * ox * c + c0;
            IntVector winners = IntVector.fromArray(INTS, argmax, o + c0);
            FloatVector d = FloatVector.fromArray(FLOATS, dOut, o + c0);
            if (pooled != null) {
              d = zero.blend(d, FloatVector.fromArray(FLOATS, pooled, o + c0)
                  .compare(VectorOperators.GT, 0f));
            }
            VectorMask<Integer> won = winners.compare(VectorOperators.EQ, lanes.add(i));
            zero.blend(d, won.cast(FLOATS)).intoArray(dInput, i - shift);
            won = winners.compare(VectorOperators.EQ, lanes.add(i + c));
            zero.blend(d, won.cast(FLOATS)).intoArray(dInput, i + c - shift);
            won = winners.compare(VectorOperators.EQ, lanes.add(i + rowIn));
            zero.blend(d, won.cast(FLOATS)).intoArray(dInput, i + rowIn - shift);
            won = winners.compare(VectorOperators.EQ, lanes.add(i + rowIn + c));
            zero.blend(d, won.cast(FLOATS)).intoArray(dInput, i + rowIn + c - shift);
          }
        }
      }
    }
  }

  // Windows that do not overlap: each cell of this window receives its output's gradient (zero when
  // pooled says the ReLU blocked it) where it was the maximum and zero elsewhere, written once
  // instead of zeroed and then added to; cell i goes to dInput[i - shift].
  private static void routeWindow(
      int[] argmax,
      float[] dOut,
      float[] pooled,
      float[] dInput,
      int shift,
      Pool2dGeometry g,
      int b,
      int o,
      int y0,
      int y1,
      int x0,
      int x1) {
    IntVector lanes = IntVector.zero(INTS).addIndex(1);
    FloatVector zero = FloatVector.zero(FLOATS);
    int c0 = 0;
    for (; c0 <= g.c() - FLOATS.length(); c0 += FLOATS.length()) {
      IntVector winners = IntVector.fromArray(INTS, argmax, o + c0);
      FloatVector d = FloatVector.fromArray(FLOATS, dOut, o + c0);
      if (pooled != null) {
        VectorMask<Float> passed =
            FloatVector.fromArray(FLOATS, pooled, o + c0).compare(VectorOperators.GT, 0f);
        d = zero.blend(d, passed);
      }
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0; ix < x1; ix++) {
          int i = cell(g, b, iy, ix) + c0;
          VectorMask<Integer> won = winners.compare(VectorOperators.EQ, lanes.add(i));
          zero.blend(d, won.cast(FLOATS)).intoArray(dInput, i - shift);
        }
      }
    }
    for (; c0 < g.c(); c0++) {
      float d = pooled == null || pooled[o + c0] > 0 ? dOut[o + c0] : 0f;
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0; ix < x1; ix++) {
          int i = cell(g, b, iy, ix) + c0;
          dInput[i - shift] = argmax[o + c0] == i ? d : 0f;
        }
      }
    }
  }

  static void avgPool(float[] input, float[] out, Pool2dGeometry g) {
    forEachWindow(
        g,
        (b, o, y0, y1, x0, x1) -> {
          float scale = 1f / ((y1 - y0) * (x1 - x0));
          for (int c0 = 0; c0 < g.c(); c0 += FLOATS.length()) {
            VectorMask<Float> inside = FLOATS.indexInRange(c0, g.c());
            FloatVector sum = FloatVector.zero(FLOATS);
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                sum =
                    sum.add(FloatVector.fromArray(FLOATS, input, cell(g, b, iy, ix) + c0, inside));
              }
            }
            sum.mul(scale).intoArray(out, o + c0, inside);
          }
        });
  }

  static void avgPoolBackward(float[] dOut, float[] dInput, Pool2dGeometry g) {
    int imageIn = g.h() * g.w() * g.c();
    Window spread =
        (b, o, y0, y1, x0, x1) -> {
          float scale = 1f / ((y1 - y0) * (x1 - x0));
          for (int c0 = 0; c0 < g.c(); c0 += FLOATS.length()) {
            VectorMask<Float> inside = FLOATS.indexInRange(c0, g.c());
            FloatVector share = FloatVector.fromArray(FLOATS, dOut, o + c0, inside).mul(scale);
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                int i = cell(g, b, iy, ix) + c0;
                FloatVector.fromArray(FLOATS, dInput, i, inside)
                    .add(share)
                    .intoArray(dInput, i, inside);
              }
            }
          }
        };
    Parallelism.forEach(
        g.n(),
        b -> {
          Arrays.fill(dInput, b * imageIn, (b + 1) * imageIn, 0f);
          forEachWindow(g, b, spread);
        });
  }

  // Explicit padding can leave a window no real cell; the reference then yields -inf and -1.
  private static void emptyMaxWindow(float[] out, int[] argmax, int o, int c) {
    Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY);
    if (argmax != null) {
      Arrays.fill(argmax, o, o + c, -1);
    }
  }

  // v where it is greater than best, else best: a window's next cell, the first maximum kept.
  private static FloatVector firstMaximum(FloatVector best, FloatVector v) {
    return best.blend(v, v.compare(VectorOperators.GT, best));
  }

  /**
   * One output position: its image, its flat index and the window's real cells, rows and columns.
   */
  private interface Window {
    void at(int b, int out, int y0, int y1, int x0, int x1);
  }

  // Visits every output position with its window clipped to the real input cells, one image per
  // task. One Window serves every image, so a call allocates no object per image.
  private static void forEachWindow(Pool2dGeometry g, Window window) {
    Parallelism.forEach(g.n(), b -> forEachWindow(g, b, window));
  }

  // The same for image b alone.
  private static void forEachWindow(Pool2dGeometry g, int b, Window window) {
    for (int oy = 0; oy < g.oh(); oy++) {
      int y0 = Math.max(oy * g.strideH() - g.padTop(), 0);
      int y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.h());
      for (int ox = 0; ox < g.ow(); ox++) {
        int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0);
        int x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.w());
        window.at(b, ((b * g.oh() + oy) * g.ow() + ox) * g.c(), y0, y1, x0, x1);
      }
    }
  }

  private static int cell(Pool2dGeometry g, int b, int y, int x) {
    return ((b * g.h() + y) * g.w() + x) * g.c();
  }
}
