package org.convnet4j.kernels;

import java.util.Arrays;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * Plain scalar loops, written to be obviously right rather than fast: the definition of every
 * kernel and the oracle the fast kernels are tested against. Accumulates in {@code double} so
 * that it is the more accurate side of any comparison.
 */
public final class ReferenceKernels implements Kernels {

  @Override
  public void conv2d(float[] input, float[] filter, float[] out, Conv2dGeometry g) {
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int co = 0; co < g.cout(); co++) {
            double sum = 0;
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
                  sum +=
                      (double) input[((b * g.h() + iy) * g.w() + ix) * g.cin() + ci]
                          * filter[((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co];
                }
              }
            }
            out[((b * g.oh() + oy) * g.ow() + ox) * g.cout() + co] = (float) sum;
          }
        }
      }
    }
  }

  // dInput[b, iy, ix, ci] = sum of dOut[b, oy, ox, co] * filter[ky, kx, ci, co] over every output
  // position whose window put (ky, kx) on (iy, ix): the forward loop with the product scattered.
  @Override
  public void conv2dBackwardInput(float[] dOut, float[] filter, float[] dInput, Conv2dGeometry g) {
    double[] acc = new double[g.inputSize()];
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int co = 0; co < g.cout(); co++) {
            double d = dOut[((b * g.oh() + oy) * g.ow() + ox) * g.cout() + co];
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
                  acc[((b * g.h() + iy) * g.w() + ix) * g.cin() + ci] +=
                      d * filter[((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co];
                }
              }
            }
          }
        }
      }
    }
    copy(acc, dInput);
  }

  // dFilter[ky, kx, ci, co] = sum over b, oy, ox of input[b, iy, ix, ci] * dOut[b, oy, ox, co].
  @Override
  public void conv2dBackwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    double[] acc = new double[g.filterSize()];
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int co = 0; co < g.cout(); co++) {
            double d = dOut[((b * g.oh() + oy) * g.ow() + ox) * g.cout() + co];
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
                  acc[((ky * g.kw() + kx) * g.cin() + ci) * g.cout() + co] +=
                      d * input[((b * g.h() + iy) * g.w() + ix) * g.cin() + ci];
                }
              }
            }
          }
        }
      }
    }
    copy(acc, dFilter);
  }

  @Override
  public void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g) {
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int c = 0; c < g.c(); c++) {
            float best = Float.NEGATIVE_INFINITY;
            int bestIndex = -1;
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
                int i = ((b * g.h() + iy) * g.w() + ix) * g.c() + c;
                if (bestIndex < 0 || input[i] > best) {
                  best = input[i];
                  bestIndex = i;
                }
              }
            }
            int o = ((b * g.oh() + oy) * g.ow() + ox) * g.c() + c;
            out[o] = best;
            argmax[o] = bestIndex;
          }
        }
      }
    }
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
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int c = 0; c < g.c(); c++) {
            double sum = 0;
            int count = 0;
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
                sum += input[((b * g.h() + iy) * g.w() + ix) * g.c() + c];
                count++;
              }
            }
            out[((b * g.oh() + oy) * g.ow() + ox) * g.c() + c] = (float) (sum / count);
          }
        }
      }
    }
  }

  @Override
  public void avgPoolBackward(float[] dOut, float[] dInput, Pool2dGeometry g) {
    double[] acc = new double[g.inputSize()];
    for (int b = 0; b < g.n(); b++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          int y0 = Math.max(oy * g.strideH() - g.padTop(), 0);
          int y1 = Math.min(oy * g.strideH() - g.padTop() + g.kh(), g.h());
          int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0);
          int x1 = Math.min(ox * g.strideW() - g.padLeft() + g.kw(), g.w());
          int count = (y1 - y0) * (x1 - x0);
          for (int c = 0; c < g.c(); c++) {
            double share = dOut[((b * g.oh() + oy) * g.ow() + ox) * g.c() + c] / (double) count;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                acc[((b * g.h() + iy) * g.w() + ix) * g.c() + c] += share;
              }
            }
          }
        }
      }
    }
    copy(acc, dInput);
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

  private static void copy(double[] from, float[] to) {
    for (int i = 0; i < from.length; i++) {
      to[i] = (float) from[i];
    }
  }
}
