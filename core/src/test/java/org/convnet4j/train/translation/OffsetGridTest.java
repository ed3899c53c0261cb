package org.convnet4j.train.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OffsetGridTest {

  @Test
  void sevenPointsOnFortyByFortyAreEverySecondOffset() {
    assertThat(OffsetGrid.of(new Canvas(40), 7).offsets()).containsExactly(0, 2, 4, 6, 8, 10, 12);
    assertThat(OffsetGrid.of(new Canvas(40), 5).offsets()).containsExactly(0, 3, 6, 9, 12);
    assertThat(OffsetGrid.of(new Canvas(40), 13).offsets())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
  }

  @ParameterizedTest
  @CsvSource({"12, 2", "12, 4", "12, 13", "32, 6", "7, 3", "1, 2"})
  void theGridCoversTheCanvasEndToEndInAscendingDistinctOffsets(int maxOffset, int points) {
    int[] offsets = new OffsetGrid(maxOffset, points).offsets();

    assertThat(offsets).hasSize(points).startsWith(0).endsWith(maxOffset);
    for (int i = 1; i < points; i++) {
      assertThat(offsets[i]).isGreaterThan(offsets[i - 1]);
      // evenly spread: steps differ by at most one pixel
      assertThat(offsets[i] - offsets[i - 1])
          .isBetween(maxOffset / (points - 1), (maxOffset + points - 2) / (points - 1));
    }
  }

  @Test
  void nearestIndexFindsTheCentre() {
    OffsetGrid grid = OffsetGrid.of(new Canvas(40), 4); // 0, 4, 8, 12

    assertThat(grid.nearestIndex(6)).isEqualTo(1);
    assertThat(grid.nearestIndex(7)).isEqualTo(2);
  }

  @Test
  void tooFewOrTooManyPointsAreErrors() {
    assertThatThrownBy(() -> new OffsetGrid(12, 1))
        .hasMessage("offset grid: 1 points per axis on offsets 0 to 12, expected 2 to 13");
    assertThatThrownBy(() -> new OffsetGrid(12, 14)).hasMessageContaining("expected 2 to 13");
  }
}
