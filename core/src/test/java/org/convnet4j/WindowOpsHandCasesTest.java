package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv2d, maxPool and avgPool on images small enough to work out by hand, with stride 2 and SAME
 * padding, to pin down where TensorFlow puts the odd padding cell (after: bottom and right) and
 * how avg_pool counts (real cells only). One image, one channel throughout; the arithmetic is in
 * the comments.
 */
class WindowOpsHandCasesTest {

  /** An op on an arange-filled image with literal expected output. */
  record Case(String name, String op, int size, float[] image, int[] window, Padding padding,
      float[] filter, int[] expectedShape, float[] expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  // The 3x3 image 1..9:   1 2 3      The 4x4 image 1..16:   1  2  3  4
  //                       4 5 6                             5  6  7  8
  //                       7 8 9                             9 10 11 12
  //                                                        13 14 15 16
  private static final float[] THREE = arange(9, 1);
  private static final float[] FOUR = arange(16, 1);

  static List<Case> cases() {
    return List.of(
        // SAME, 3x3 input, 2x2 window, stride 2: out = ceil(3/2) = 2, pad total = (2-1)*2+2-3 = 1,
        // before = 0, after = 1: the windows cover rows {0,1} and {2, pad}, likewise columns.
        // Filter [[1,2],[3,4]]:
        //   out[0,0] = 1*1 + 2*2 + 4*3 + 5*4 = 37     out[0,1] = 3*1 + 6*3 = 21
        //   out[1,0] = 7*1 + 8*2 = 23                 out[1,1] = 9*1 = 9
        // (Padding before instead would give out[0,0] = 1*4 = 4.)
        new Case("conv2d 3x3 image, 2x2 filter, stride 2, SAME", "conv2d", 3, THREE,
            new int[] {2, 2}, Padding.SAME, new float[] {1, 2, 3, 4}, new int[] {1, 2, 2, 1},
            new float[] {37, 21, 23, 9}),
        // SAME, 4x4 input, 3x3 window of ones, stride 2: out = 2, pad total = (2-1)*2+3-4 = 1,
        // again 0 before and 1 after; windows cover rows {0,1,2} and {2,3,pad}:
        //   out[0,0] = 1+2+3+5+6+7+9+10+11 = 54       out[0,1] = 3+4+7+8+11+12 = 45
        //   out[1,0] = 9+10+11+13+14+15 = 72          out[1,1] = 11+12+15+16 = 54
        new Case("conv2d 4x4 image, 3x3 ones, stride 2, SAME", "conv2d", 4, FOUR,
            new int[] {3, 3}, Padding.SAME, ones(9),
            new int[] {1, 2, 2, 1}, new float[] {54, 45, 72, 54}),
        // VALID, 4x4 input, 3x3 ones, stride 2: out = ceil((4-3+1)/2) = 1, just out[0,0] = 54.
        new Case("conv2d 4x4 image, 3x3 ones, stride 2, VALID", "conv2d", 4, FOUR,
            new int[] {3, 3}, Padding.VALID, ones(9), new int[] {1, 1, 1, 1}, new float[] {54}),
        // Explicit P = 1, 3x3 input, 2x2 filter [[1,2],[3,4]], stride 2: out = (3-2+2)/2+1 = 2,
        // padding on every side, so windows cover rows {pad,0} and {1,2}:
        //   out[0,0] = 1*4 = 4                        out[0,1] = 2*3 + 3*4 = 18
        //   out[1,0] = 4*2 + 7*4 = 36                 out[1,1] = 5*1 + 6*2 + 8*3 + 9*4 = 77
        new Case("conv2d 3x3 image, 2x2 filter, stride 2, P = 1", "conv2d", 3, THREE,
            new int[] {2, 2}, Padding.explicit(1), new float[] {1, 2, 3, 4}, new int[] {1, 2, 2, 1},
            new float[] {4, 18, 36, 77}),
        // max_pool on the negated 3x3 image, 2x2 window, stride 2, SAME (pad after):
        //   out[0,0] = max(-1,-2,-4,-5) = -1          out[0,1] = max(-3,-6) = -3
        //   out[1,0] = max(-7,-8) = -7                out[1,1] = -9
        // Padded cells are ignored, not zeros: a zero would win every window but the first.
        new Case("maxPool -(3x3 image), 2x2, stride 2, SAME", "maxPool", 3, negate(THREE),
            new int[] {2, 2}, Padding.SAME, null,
            new int[] {1, 2, 2, 1}, new float[] {-1, -3, -7, -9}),
        // max_pool 4x4 image, 3x3 window, stride 2, SAME: windows rows {0,1,2} and {2,3,pad}:
        //   out = [[max(1..11 window) = 11, 12], [15, 16]]
        new Case("maxPool 4x4 image, 3x3, stride 2, SAME", "maxPool", 4, FOUR,
            new int[] {3, 3}, Padding.SAME, null,
            new int[] {1, 2, 2, 1}, new float[] {11, 12, 15, 16}),
        // avg_pool 3x3 image, 2x2 window, stride 2, SAME divides by the real cells only:
        //   out[0,0] = (1+2+4+5)/4 = 3                out[0,1] = (3+6)/2 = 4.5
        //   out[1,0] = (7+8)/2 = 7.5                  out[1,1] = 9/1 = 9
        // (Counting the padding would give 12/4, 9/4, 15/4 and 9/4.)
        new Case("avgPool 3x3 image, 2x2, stride 2, SAME", "avgPool", 3, THREE,
            new int[] {2, 2}, Padding.SAME, null,
            new int[] {1, 2, 2, 1}, new float[] {3, 4.5f, 7.5f, 9}),
        // avg_pool 4x4 image, 3x3 window, stride 2, SAME, windows of 9, 6, 6 and 4 real cells:
        //   out[0,0] = 54/9 = 6      out[0,1] = 45/6 = 7.5
        //   out[1,0] = 72/6 = 12     out[1,1] = 54/4 = 13.5
        new Case("avgPool 4x4 image, 3x3, stride 2, SAME", "avgPool", 4, FOUR,
            new int[] {3, 3}, Padding.SAME, null,
            new int[] {1, 2, 2, 1}, new float[] {6, 7.5f, 12, 13.5f}),
        // avg_pool 3x3 image, 2x2 window, stride 2, explicit P = 1 (windows {pad,0}, {1,2}):
        //   out[0,0] = 1/1 = 1                        out[0,1] = (2+3)/2 = 2.5
        //   out[1,0] = (4+7)/2 = 5.5                  out[1,1] = (5+6+8+9)/4 = 7
        new Case("avgPool 3x3 image, 2x2, stride 2, P = 1", "avgPool", 3, THREE,
            new int[] {2, 2}, Padding.explicit(1), null,
            new int[] {1, 2, 2, 1}, new float[] {1, 2.5f, 5.5f, 7}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheHandArithmetic(Case c) {
    Tensor image = Tensor.of(c.image(), 1, c.size(), c.size(), 1);
    int[] strides = {1, 2, 2, 1};
    int[] ksize = {1, c.window()[0], c.window()[1], 1};
    Tensor out = switch (c.op()) {
      case "conv2d" -> Ops.conv2d(image,
          Tensor.of(c.filter(), c.window()[0], c.window()[1], 1, 1), strides, c.padding());
      case "maxPool" -> Ops.maxPool(image, ksize, strides, c.padding());
      default -> Ops.avgPool(image, ksize, strides, c.padding());
    };
    assertThat(out.shape()).containsExactly(c.expectedShape());
    assertThat(out.toFloatArray()).containsExactly(c.expected());
  }

  private static float[] arange(int n, int from) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + i;
    }
    return v;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    Arrays.fill(v, 1f);
    return v;
  }

  private static float[] negate(float[] x) {
    float[] v = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = -x[i];
    }
    return v;
  }
}
