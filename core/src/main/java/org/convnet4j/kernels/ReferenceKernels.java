package org.convnet4j.kernels;

import java.util.Arrays;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * Plain scalar loops, written to be obviously right rather than fast: the definition of every
 * kernel and the oracle the fast kernels are tested against. Accumulates in {@code double} so
 * that it is the more accurate side of any comparison.
 *
 * <p>Each convolution kernel is one walk over the same (input cell, filter weight, output cell)
 * triples, {@link #forEachTap}; the three differ only in which of the three they accumulate into,
 * which is why the two gradients are the forward's adjoints. The pooling kernels likewise share
 * one walk over each window's real cells, {@link #forEachWindowCell}.
 */
public final class ReferenceKernels implements Kernels {

  /** One multiply-add of a convolution: input cell {@code in} meets weight {@code filter}. */
  private interface Tap {
    void visit(int in, int filter, int out);
  }

  /** One real (unpadded) input cell {@code in} inside the window of output cell {@code out}. */
  private interface WindowCell {
    void visit(int out, int in);
  }

  @Override
  public void conv2d(float[] input, float[] filter, float[] out, Conv2dGeometry g) {
    double[] acc = new double[g.outputSize()];
    forEachTap(g, (i, f, o) -> acc[o] += (double) input[i] * filter[f]);
    copy(acc, out);
  }

  @Override
  public void conv2dBackwardInput(float[] dOut, float[] filter, float[] dInput, Conv2dGeometry g) {
    double[] acc = new double[g.inputSize()];
    forEachTap(g, (i, f, o) -> acc[i] += (double) dOut[o] * filter[f]);
    copy(acc, dInput);
  }

  @Override
  public void conv2dBackwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    double[] acc = new double[g.filterSize()];
    forEachTap(g, (i, f, o) -> acc[f] += (double) input[i] * dOut[o]);
    copy(acc, dFilter);
  }

  // Output cell (b, oy, ox, co) reads input row oy * strideH - padTop + ky and column
  // ox * strideW - padLeft + kx; taps that land in the padding read zeros and are skipped.
  private static void forEachTap(Conv2dGeometry g, Tap tap) {
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int co = 0; co < g.cout(); co++) {
            int o = ((b * g.oh() + oy) * g.ow() + ox) * g.cout() + co;
            for (int ky = 0; ky < g.kh(); ky++) {
              int iy = oy * g.strideH() - g.padTop() + ky;
              if (iy < 0 || iy >= g.h()) {
                continue;
              }
              for (int kx = 0; kx < g.kw(); kx++) {
                int ix = ox * g.strideW() - g.padLeft() + kx;
                if (ix < 0 || ix >= g.w()) {
                  continue;
                }
                for (int ci = 0; ci < g.cin(); ci++) {
                  tap.visit(
                      ((b * g.h() + iy) * g.w() + ix) * g.cin() + ci,
                      ((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co,
                      o);
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g) {
    int[] best = argmax != null ? argmax : new int[g.outputSize()];
    Arrays.fill(best, 0, g.outputSize(), -1);
    // Cells come in window order, so a strict comparison keeps the first maximum on ties.
    forEachWindowCell(
        g,
        (o, i) -> {
          if (best[o] < 0 || input[i] > out[o]) {
            out[o] = input[i];
            best[o] = i;
          }
        });
  }

  @Override
  public void maxPoolBackward(int[] argmax, float[] dOut, float[] dInput, Pool2dGeometry g) {
    Arrays.fill(dInput, 0, g.inputSize(), 0f);
    for (int o = 0; o < g.outputSize(); o++) {
      dInput[argmax[o]] += dOut[o];
    }
  }

  @Override
  public void avgPool(float[] input, float[] out, Pool2dGeometry g) {
    double[] sum = new double[g.outputSize()];
    forEachWindowCell(g, (o, i) -> sum[o] += input[i]);
    int[] count = realCellCounts(g);
    for (int o = 0; o < sum.length; o++) {
      out[o] = (float) (sum[o] / count[o]);
    }
  }

  @Override
  public void avgPoolBackward(float[] dOut, float[] dInput, Pool2dGeometry g) {
    int[] count = realCellCounts(g);
    double[] acc = new double[g.inputSize()];
    forEachWindowCell(g, (o, i) -> acc[i] += dOut[o] / (double) count[o]);
    copy(acc, dInput);
  }

  // TensorFlow's avg_pool divides by the real cells of each window, never by kh * kw.
  private static int[] realCellCounts(Pool2dGeometry g) {
    int[] count = new int[g.outputSize()];
    forEachWindowCell(g, (o, i) -> count[o]++);
    return count;
  }

  private static void forEachWindowCell(Pool2dGeometry g, WindowCell cell) {
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int c = 0; c < g.c(); c++) {
            int o = ((b * g.oh() + oy) * g.ow() + ox) * g.c() + c;
            for (int ky = 0; ky < g.kh(); ky++) {
              int iy = oy * g.strideH() - g.padTop() + ky;
              if (iy < 0 || iy >= g.h()) {
                continue;
              }
              for (int kx = 0; kx < g.kw(); kx++) {
                int ix = ox * g.strideW() - g.padLeft() + kx;
                if (ix >= 0 && ix < g.w()) {
                  cell.visit(o, ((b * g.h() + iy) * g.w() + ix) * g.c() + c);
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void matmul(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          float av = transposeA ? a[p * m + i] : a[i * k + p];
          float bv = transposeB ? b[j * k + p] : b[p * n + j];
          sum += (double) av * bv;
        }
        c[i * n + j] = (float) sum;
      }
    }
  }

  @Override
  public void reluBackward(float[] dOut, float[] y, float[] dInput, int size) {
    for (int i = 0; i < size; i++) {
      dInput[i] = y[i] > 0 ? dOut[i] : 0f;
    }
  }

  @Override
  public void biasBackward(float[] dOut, float[] dBias, int rows, int channels) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += dOut[r * channels + c];
      }
      dBias[c] = (float) sum;
    }
  }

  @Override
  public void moments(float[] x, int rows, int channels, float[] mean, float[] variance) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += x[r * channels + c];
      }
      double m = sum / rows;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        double d = x[r * channels + c] - m;
        squares += d * d;
      }
      mean[c] = (float) m;
      variance[c] = (float) (squares / rows);
    }
  }

  @Override
  public void adamUpdate(float[] value, float[] gradient, float[] m, float[] v, int from, int to,
      float keep1, float take1, float keep2, float take2, float stepSize, float epsilon) {
    for (int i = from; i < to; i++) {
      float g = gradient[i];
      float mi = keep1 * m[i] + take1 * g;
      float vi = keep2 * v[i] + take2 * g * g;
      if (Math.abs(mi) < Float.MIN_NORMAL) {
        mi = 0f;
      }
      if (vi < Float.MIN_NORMAL) {
        vi = 0f;
      }
      m[i] = mi;
      v[i] = vi;
      value[i] -= stepSize * mi / ((float) Math.sqrt(vi) + epsilon);
    }
  }

  @Override
  public void momentumUpdate(float[] value, float[] gradient, float[] accumulator, int from,
      int to, float keep, float learningRate) {
    for (int i = from; i < to; i++) {
      float a = keep * accumulator[i] + gradient[i];
      if (Math.abs(a) < Float.MIN_NORMAL) {
        a = 0f;
      }
      accumulator[i] = a;
      value[i] -= learningRate * a;
    }
  }

  @Override
  public void dropout(float[] x, float keepProb, long seed, float[] out, int size) {
    int key0 = DropoutMask.key0(seed);
    int key1 = DropoutMask.key1(seed);
    float scale = 1f / keepProb;
    for (int i = 0; i < size; i++) {
      out[i] = DropoutMask.keeps(key0, key1, i, keepProb) ? x[i] * scale : 0f;
    }
  }

  @Override
  public void scaleShift(
      float[] x, int rows, int channels, float[] scale, float[] shift, boolean relu, float[] out) {
    for (int i = 0; i < rows * channels; i++) {
      int c = i % channels;
      float y = Math.fma(x[i], scale[c], shift[c]);
      out[i] = relu ? Math.max(y, 0f) : y;
    }
  }

  @Override
  public void batchNormSums(float[] dOut, float[] x, float[] mean, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] sumDOut, float[] sumDOutCentered) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      double centered = 0;
      for (int r = 0; r < rows; r++) {
        int i = r * channels + c;
        double g = reluPasses(x[i], reluScale, reluShift, c) ? dOut[i] : 0;
        sum += g;
        centered += g * ((double) x[i] - mean[c]);
      }
      sumDOut[c] = (float) sum;
      sumDOutCentered[c] = (float) centered;
    }
  }

  @Override
  public void batchNormBackwardInput(float[] dOut, float[] x, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] dOutScale, float[] xScale,
      float[] shift, float[] dInput) {
    for (int i = 0; i < rows * channels; i++) {
      int c = i % channels;
      double g = reluPasses(x[i], reluScale, reluShift, c) ? dOut[i] : 0;
      dInput[i] = (float) (g * dOutScale[c] + (double) x[i] * xScale[c] + shift[c]);
    }
  }

  // Whether the ReLU after x * reluScale[c] + reluShift[c] (rounded as scaleShift rounds it) was
  // positive, passing its gradient; true without a ReLU.
  private static boolean reluPasses(float x, float[] reluScale, float[] reluShift, int c) {
    return reluScale == null || Math.fma(x, reluScale[c], reluShift[c]) > 0;
  }


  private static void copy(double[] from, float[] to) {
    for (int i = 0; i < from.length; i++) {
      to[i] = (float) from[i];
    }
  }
}
