package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which Winograd tile a 3x3 convolution gets: the one whose tiles take the fewest
 * multiplications, counted by hand (tiles per image times 64 points for 6x6 tiles, 36 for 4x4),
 * 4x4 on a tie.
 */
class WinogradSizeTest {

  @ParameterizedTest(name = "{0}x{1} outputs: tiles of {2}")
  @CsvSource({
    // 4 tiles of 6x6 (256) against 4 of 4x4 (144): VGG's 8x8 layer.
    "8, 8, 4",
    // 36 x 64 = 2,304 against 64 x 36: a tie.
    "32, 32, 4",
    // 25 whole 6x6 tiles (1,600) against 64 of 4x4 (2,304): Keras' 30x30 layer.
    "30, 30, 6",
    // 9 x 64 = 576 against 16 x 36: a tie.
    "13, 13, 4",
    // 2 x 64 = 128 against 4 x 36 = 144.
    "6, 7, 6",
    // 4 x 64 = 256 against 6 x 36 = 216.
    "7, 9, 4",
    // One tile either way: 64 against 36.
    "1, 1, 4",
  })
  void threeByThreeTakesTheTileWithFewestMultiplications(int h, int w, int tile) {
    Conv2dGeometry g = Conv2dGeometry.of(128, h, w, 16, 3, 3, 16, 1, 1, Padding.SAME);
    assertThat(WinogradConvolution.forGeometry(g).tile()).isEqualTo(tile);
  }
}
