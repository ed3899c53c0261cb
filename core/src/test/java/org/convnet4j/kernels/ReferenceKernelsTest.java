package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The oracle itself, whichever kernel set is active: hand cases, the output-overwriting contract,
 * and the adjoint identities that tie each backward kernel to its forward, {@code <f(x), dy> = <x,
 * f'(dy)>} for the linear ones, on random geometries.
 */
class ReferenceKernelsTest {

  private final Kernels kernels = new ReferenceKernels();

  // Random geometry number i: sizes 1..6, windows 1..4, strides 1..3, SAME/VALID/explicit.
  private static Conv2dGeometry randomConv(int i) {
    SplittableRandom r = new SplittableRandom(i);
    while (true) {
      int h = r.nextInt(1, 7);
      int w = r.nextInt(1, 7);
      int kh = r.nextInt(1, 5);
      int kw = r.nextInt(1, 5);
      Padding p = switch (r.nextInt(3)) {
        case 0 -> Padding.SAME;
        case 1 -> Padding.VALID;
        default -> Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
      };
      try {
        return Conv2dGeometry.of(r.nextInt(1, 3), h, w, r.nextInt(1, 4), kh, kw, r.nextInt(1, 4),
            r.nextInt(1, 4), r.nextInt(1, 4), p);
      } catch (IllegalArgumentException windowDoesNotFit) {
        // draw again
      }
    }
  }

  // Random pooling geometry number i, explicit padding smaller than the window.
  private static Pool2dGeometry randomPool(int i) {
    SplittableRandom r = new SplittableRandom(1000 + i);
    while (true) {
      int kh = r.nextInt(1, 5);
      int kw = r.nextInt(1, 5);
      Padding p = switch (r.nextInt(3)) {
        case 0 -> Padding.SAME;
        case 1 -> Padding.VALID;
        default -> Padding.explicit(r.nextInt(kh), r.nextInt(kh), r.nextInt(kw), r.nextInt(kw));
      };
      try {
        return Pool2dGeometry.of(r.nextInt(1, 3), r.nextInt(1, 7), r.nextInt(1, 7),
            r.nextInt(1, 4), kh, kw, r.nextInt(1, 4), r.nextInt(1, 4), p);
      } catch (IllegalArgumentException windowDoesNotFit) {
        // draw again
      }
    }
  }

  @RepeatedTest(40)
  void conv2dBackwardKernelsAreAdjointsOfTheForward(RepetitionInfo info) {
    Conv2dGeometry g = randomConv(info.getCurrentRepetition());
    SplittableRandom r = new SplittableRandom(100 + info.getCurrentRepetition());
    float[] x = random(r, g.inputSize());
    float[] w = random(r, g.filterSize());
    float[] dy = random(r, g.outputSize());
    float[] y = new float[g.outputSize()];
    float[] dx = new float[g.inputSize()];
    float[] dw = new float[g.filterSize()];
    kernels.conv2d(x, w, y, g);
    kernels.conv2dBackwardInput(dy, w, dx, g);
    kernels.conv2dBackwardFilter(x, dy, dw, g);
    // y is linear in x and in w: <y, dy> = <x, dx> = <w, dw>
    assertThat(dot(x, dx)).as(g.toString()).isCloseTo(dot(y, dy), within(1e-4));
    assertThat(dot(w, dw)).as(g.toString()).isCloseTo(dot(y, dy), within(1e-4));
  }

  @RepeatedTest(40)
  void avgPoolBackwardIsTheAdjointOfTheForward(RepetitionInfo info) {
    Pool2dGeometry g = randomPool(info.getCurrentRepetition());
    SplittableRandom r = new SplittableRandom(200 + info.getCurrentRepetition());
    float[] x = random(r, g.inputSize());
    float[] dy = random(r, g.outputSize());
    float[] y = new float[g.outputSize()];
    float[] dx = new float[g.inputSize()];
    kernels.avgPool(x, y, g);
    kernels.avgPoolBackward(dy, dx, g);
    assertThat(dot(x, dx)).as(g.toString()).isCloseTo(dot(y, dy), within(1e-4));
  }

  @RepeatedTest(40)
  void maxPoolPicksTheLargestRealCellOfEachWindow(RepetitionInfo info) {
    Pool2dGeometry g = randomPool(info.getCurrentRepetition());
    float[] x = random(new SplittableRandom(300 + info.getCurrentRepetition()), g.inputSize());
    float[] y = new float[g.outputSize()];
    int[] argmax = new int[g.outputSize()];
    kernels.maxPool(x, y, argmax, g);
    for (int o = 0; o < y.length; o++) {
      assertThat(x[argmax[o]]).isEqualTo(y[o]);
    }
    // Backward routes each dy to its argmax, adding where windows overlap.
    float[] dy = random(new SplittableRandom(7), g.outputSize());
    float[] dx = new float[g.inputSize()];
    kernels.maxPoolBackward(argmax, dy, dx, g);
    assertThat(dot(x, dx)).isCloseTo(dot(y, dy), within(1e-4));
  }

  @Test
  void maxPoolTiesGoToTheFirstCellInWindowOrder() {
    Pool2dGeometry g = Pool2dGeometry.of(1, 2, 2, 1, 2, 2, 2, 2, Padding.VALID);
    float[] y = new float[1];
    int[] argmax = new int[1];
    kernels.maxPool(new float[] {1, 3, 3, 2}, y, argmax, g);
    assertThat(argmax).containsExactly(1);
  }

  @Test
  void conv2dByHandWithOddSamePadding() {
    // 3x3 image 1..9, filter [[1,2],[3,4]], stride 2, SAME: padding after, see
    // WindowOpsHandCasesTest for the arithmetic.
    Conv2dGeometry g = Conv2dGeometry.of(1, 3, 3, 1, 2, 2, 1, 2, 2, Padding.SAME);
    float[] y = new float[4];
    kernels.conv2d(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new float[] {1, 2, 3, 4}, y, g);
    assertThat(y).containsExactly(37, 21, 23, 9);
  }

  // Every kernel overwrites its whole output, whatever was there before.
  @RepeatedTest(10)
  void kernelsOverwriteTheirOutputCompletely(RepetitionInfo info) {
    Conv2dGeometry g = randomConv(info.getCurrentRepetition());
    Pool2dGeometry p = randomPool(info.getCurrentRepetition());
    SplittableRandom r = new SplittableRandom(400 + info.getCurrentRepetition());
    float[] x = random(r, g.inputSize());
    float[] w = random(r, g.filterSize());
    float[] dy = random(r, g.outputSize());
    float[] pooledDy = random(r, p.outputSize());
    assertNoNaN(run(g.outputSize(), out -> kernels.conv2d(x, w, out, g)));
    assertNoNaN(run(g.inputSize(), out -> kernels.conv2dBackwardInput(dy, w, out, g)));
    assertNoNaN(run(g.filterSize(), out -> kernels.conv2dBackwardFilter(x, dy, out, g)));
    float[] px = random(r, p.inputSize());
    int[] argmax = new int[p.outputSize()];
    assertNoNaN(run(p.outputSize(), out -> kernels.maxPool(px, out, argmax, p)));
    assertNoNaN(run(p.inputSize(), out -> kernels.maxPoolBackward(argmax, pooledDy, out, p)));
    assertNoNaN(run(p.outputSize(), out -> kernels.avgPool(px, out, p)));
    assertNoNaN(run(p.inputSize(), out -> kernels.avgPoolBackward(pooledDy, out, p)));
  }

  @Test
  void matmulWithEachTransposeMatchesTheDefinition() {
    SplittableRandom r = new SplittableRandom(5);
    int m = 3;
    int n = 4;
    int k = 5;
    float[] a = random(r, m * k); // [m, k]
    float[] b = random(r, k * n); // [k, n]
    float[] at = transpose(a, m, k);
    float[] bt = transpose(b, k, n);
    float[] expected = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (double) a[i * k + p] * b[p * n + j];
        }
        expected[i * n + j] = (float) s;
      }
    }
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] c = poisoned(m * n);
        kernels.matmul(ta ? at : a, ta, tb ? bt : b, tb, c, m, n, k);
        assertThat(c).as("transposeA=%s transposeB=%s", ta, tb).containsExactly(expected);
      }
    }
  }

  private interface Fill {
    void into(float[] out);
  }

  private static float[] run(int size, Fill kernel) {
    float[] out = poisoned(size);
    kernel.into(out);
    return out;
  }

  private static float[] poisoned(int size) {
    float[] v = new float[size];
    Arrays.fill(v, Float.NaN);
    return v;
  }

  private static void assertNoNaN(float[] v) {
    for (int i = 0; i < v.length; i++) {
      assertThat(v[i]).as("element %d", i).isNotNaN();
    }
  }

  private static float[] transpose(float[] x, int rows, int cols) {
    float[] t = new float[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = x[i * cols + j];
      }
    }
    return t;
  }


  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
