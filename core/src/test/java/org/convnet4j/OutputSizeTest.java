package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ops' actual output shapes against the formulas, written here independently in the
 * tutorial's own terms, over every input size 1..12, window 1..5 and stride 1..4:
 *
 * <ul>
 *   <li>SAME: {@code ceil(in / s)};
 *   <li>VALID: {@code ceil((in - f + 1) / s)}, an error when the window does not fit;
 *   <li>explicit P: {@code (in - f + 2P) / s + 1} rounded down, an error when the window does not
 *       fit the padded input (and, for pooling, when P is as large as the window).
 * </ul>
 */
class OutputSizeTest {

  static Stream<Padding> paddings() {
    return Stream.of(Padding.SAME, Padding.VALID, Padding.explicit(0), Padding.explicit(1),
        Padding.explicit(2));
  }

  /** The formula's output size, or -1 where there is no valid output. */
  private static int expected(Padding padding, int in, int f, int s, boolean pool) {
    return switch (padding) {
      case Padding.Same same -> (int) Math.ceil((double) in / s);
      case Padding.Valid valid -> f > in ? -1 : (int) Math.ceil((double) (in - f + 1) / s);
      case Padding.Explicit e -> {
        int p = e.top();
        yield f > in + 2 * p || (pool && p >= f) ? -1 : Math.floorDiv(in - f + 2 * p, s) + 1;
      }
    };
  }

  @ParameterizedTest
  @MethodSource("paddings")
  void conv2dAndPoolingShapesFollowTheFormula(Padding padding) {
    int checked = 0;
    for (int in = 1; in <= 12; in++) {
      for (int f = 1; f <= 5; f++) {
        for (int s = 1; s <= 4; s++) {
          Tensor x = Tensor.ones(2, in, in, 3);
          Tensor filter = Tensor.ones(f, f, 3, 4);
          int[] strides = {1, s, s, 1};
          int[] ksize = {1, f, f, 1};
          String label = "in=%d f=%d s=%d %s".formatted(in, f, s, padding);
          int conv = expected(padding, in, f, s, false);
          int pool = expected(padding, in, f, s, true);
          if (conv < 0) {
            assertThatThrownBy(() -> Ops.conv2d(x, filter, strides, padding))
                .as(label).isInstanceOf(IllegalArgumentException.class);
          } else {
            assertThat(Ops.conv2d(x, filter, strides, padding).shape())
                .as(label).containsExactly(2, conv, conv, 4);
          }
          if (pool < 0) {
            assertThatThrownBy(() -> Ops.maxPool(x, ksize, strides, padding))
                .as(label).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Ops.avgPool(x, ksize, strides, padding))
                .as(label).isInstanceOf(IllegalArgumentException.class);
          } else {
            assertThat(Ops.maxPool(x, ksize, strides, padding).shape())
                .as(label).containsExactly(2, pool, pool, 3);
            assertThat(Ops.avgPool(x, ksize, strides, padding).shape())
                .as(label).containsExactly(2, pool, pool, 3);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @ParameterizedTest
  @MethodSource("paddings")
  void heightAndWidthAreSizedIndependently(Padding padding) {
    for (int h = 3; h <= 9; h += 3) {
      for (int w = 2; w <= 8; w += 3) {
        int kh = 3;
        int kw = 2;
        int sh = 2;
        int sw = 3;
        Tensor out = Ops.conv2d(Tensor.ones(1, h, w, 2), Tensor.ones(kh, kw, 2, 1),
            new int[] {1, sh, sw, 1}, padding);
        assertThat(out.shape())
            .as("h=%d w=%d %s", h, w, padding)
            .containsExactly(1, expected(padding, h, kh, sh, false),
                expected(padding, w, kw, sw, false), 1);
      }
    }
  }
}
