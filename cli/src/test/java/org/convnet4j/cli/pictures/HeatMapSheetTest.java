package org.convnet4j.cli.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.convnet4j.train.translation.Canvas;
import org.convnet4j.train.translation.OffsetGrid;
import org.convnet4j.train.translation.Regime;
import org.convnet4j.train.translation.TranslationCell;
import org.convnet4j.train.translation.TranslationNetwork;
import org.junit.jupiter.api.Test;

class HeatMapSheetTest {

  private static final Canvas CANVAS = new Canvas(40);
  private static final OffsetGrid GRID = OffsetGrid.of(CANVAS, 5); // 0, 3, 6, 9, 12

  /** Accuracy (i * 5 + j) / 24 at grid cell (i, j): every cell its own value from 0 to 1. */
  private static TranslationCell cell(Regime regime, TranslationNetwork network) {
    double[][] accuracy = new double[5][5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        accuracy[i][j] = (i * 5 + j) / 24.0;
      }
    }
    return new TranslationCell(100, regime, network, accuracy, 0.1, 10, 20, 1.5, 0.3);
  }

  @Test
  void coloursRunThroughViridisFromDarkToYellow() {
    assertThat(HeatMapSheet.colour(0)).isEqualTo(0x440154);
    assertThat(HeatMapSheet.colour(0.5)).isEqualTo(0x21918c);
    assertThat(HeatMapSheet.colour(1)).isEqualTo(0xfde725);
    assertThat(HeatMapSheet.colour(-1)).isEqualTo(0x440154);
  }

  @Test
  void aMapPerRegimeAndNetworkEachCellInItsAccuracysColourTrainedCellsFramed() {
    List<Regime> regimes = List.of(Regime.CENTRED, Regime.LEFT_HALF);
    List<TranslationNetwork> networks =
        List.of(TranslationNetwork.DENSE, TranslationNetwork.CONV_GLOBAL_POOL);
    HeatMapSheet sheet =
        new HeatMapSheet(
            regimes,
            networks,
            List.of(
                cell(Regime.CENTRED, TranslationNetwork.DENSE),
                cell(Regime.CENTRED, TranslationNetwork.CONV_GLOBAL_POOL),
                cell(Regime.LEFT_HALF, TranslationNetwork.DENSE),
                cell(Regime.LEFT_HALF, TranslationNetwork.CONV_GLOBAL_POOL)),
            CANVAS,
            GRID);

    BufferedImage image = sheet.draw();

    assertThat(sheet.mapSide()).isEqualTo(5 * HeatMapSheet.CELL);
    assertThat(image.getHeight())
        .isEqualTo(
            2 * HeatMapSheet.MARGIN
                + HeatMapSheet.HEADER
                + 2 * (sheet.mapSide() + HeatMapSheet.GAP)
                - HeatMapSheet.GAP
                + HeatMapSheet.LEGEND);
    int[] second = sheet.mapOrigin(1, 1);
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(second[0] + sheet.mapSide());
    for (int r = 0; r < 2; r++) {
      for (int n = 0; n < 2; n++) {
        int[] origin = sheet.mapOrigin(r, n);
        for (int i = 0; i < 5; i++) {
          for (int j = 0; j < 5; j++) {
            int x = origin[0] + j * HeatMapSheet.CELL;
            int y = origin[1] + i * HeatMapSheet.CELL;
            // a corner of the cell, clear of its number
            assertThat(image.getRGB(x + 4, y + 4) & 0xffffff)
                .as("regime %d network %d cell (%d, %d)", r, n, i, j)
                .isEqualTo(HeatMapSheet.colour((i * 5 + j) / 24.0));
            boolean trained =
                regimes.get(r).distance(CANVAS, GRID.offsets()[i], GRID.offsets()[j]) == 0;
            // centred: the middle cell; left half: the columns at offsets 0 and 3
            assertThat(trained).isEqualTo(r == 0 ? i == 2 && j == 2 : j <= 1);
            assertThat((image.getRGB(x + 1, y + 4) & 0xffffff) == 0xffffff)
                .as("frame of regime %d cell (%d, %d)", r, i, j)
                .isEqualTo(trained);
          }
        }
      }
    }
  }
}
