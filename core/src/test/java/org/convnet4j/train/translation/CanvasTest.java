package org.convnet4j.train.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanvasTest {

  /** Digit i: pixel (y, x) = (i + 1) / 1000 + y / 100 + x / 10000 + 0.5, unique and nonzero. */
  private static DataSplit digits(int n) {
    float[] pixels = new float[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          pixels[(i * 28 + y) * 28 + x] = value(i, y, x);
        }
      }
    }
    return DataSplit.of(Tensor.of(pixels, n, 28, 28, 1), labels, 10);
  }

  private static float value(int i, int y, int x) {
    return 0.5f + (i + 1) / 1000f + y / 100f + x / 10000f;
  }

  @Test
  void fortyByFortyHasOffsetsZeroToTwelveCentredAtSix() {
    Canvas canvas = new Canvas(40);

    assertThat(canvas.maxOffset()).isEqualTo(12);
    assertThat(canvas.centre()).isEqualTo(6);
    assertThat(canvas.inputShape()).containsExactly(40, 40, 1);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aDigitLandsWholeWhereItsOffsetSaysAndTheRestStaysBlank(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Canvas canvas = new Canvas(28 + random.nextInt(1, 20));
    int n = 4;
    int[] tops = new int[n];
    int[] lefts = new int[n];
    for (int i = 0; i < n; i++) {
      tops[i] = random.nextInt(canvas.maxOffset() + 1);
      lefts[i] = random.nextInt(canvas.maxOffset() + 1);
    }

    DataSplit placed = canvas.place(digits(n), tops, lefts);

    int s = canvas.size();
    assertThat(placed.images().shape()).containsExactly(n, s, s, 1);
    float[] out = placed.images().toFloatArray();
    for (int i = 0; i < n; i++) {
      assertThat(placed.labelOf(i)).isEqualTo(i % 10);
      int inked = 0;
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          int dy = y - tops[i];
          int dx = x - lefts[i];
          boolean inside = dy >= 0 && dy < 28 && dx >= 0 && dx < 28;
          float expected = inside ? value(i, dy, dx) : 0;
          assertThat(out[(i * s + y) * s + x])
              .as("digit %d at (%d, %d)", i, y, x)
              .isEqualTo(expected);
          inked += out[(i * s + y) * s + x] != 0 ? 1 : 0;
        }
      }
      // Nothing clipped: every one of the digit's 784 pixels is on the canvas.
      assertThat(inked).isEqualTo(28 * 28);
    }
  }

  @Test
  void anOffsetThatWouldClipTheDigitIsAnError() {
    Canvas canvas = new Canvas(40);

    assertThatThrownBy(() -> canvas.placeAll(digits(1), 1, 0, 13))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "canvas: offset (0, 13) puts part of a 28x28 digit off a 40x40 canvas; offsets run"
                + " from 0 to 12");
    assertThatThrownBy(() -> canvas.placeAll(digits(1), 1, -1, 0))
        .hasMessageContaining("offset (-1, 0)");
  }

  @Test
  void aCanvasSmallerThanADigitOrDigitsOfAnotherSizeAreErrors() {
    assertThatThrownBy(() -> new Canvas(27))
        .hasMessage("canvas: must be at least 28 pixels (an MNIST digit), got 27");
    DataSplit small = DataSplit.of(Tensor.zeros(1, 20, 20, 1), new int[] {0}, 10);
    assertThatThrownBy(() -> new Canvas(40).placeAll(small, 1, 0, 0))
        .hasMessage("canvas: expected digits [n, 28, 28, 1], got [1, 20, 20, 1]");
  }
}
