package org.convnet4j.cli.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.convnet4j.train.translation.Canvas;
import org.convnet4j.train.translation.OffsetGrid;
import org.convnet4j.train.translation.Regime;
import org.convnet4j.train.translation.TranslationCell;
import org.convnet4j.train.translation.TranslationNetwork;

/**
 * Accuracy over the canvas as heat maps side by side: a row per training regime, a column per
 * network, one cell per test position (top offset down, left offset across), coloured from dark (0
 * %) to yellow (100 %) with the accuracy written in it. The positions the regime trained on are
 * outlined in white.
 */
public final class HeatMapSheet {

  static final int MARGIN = 20;
  static final int CELL = 34;
  static final int GAP = 28;
  static final int HEADER = 44;
  static final int LEGEND = 60;
  static final int LEGEND_BAR = 300;
  static final String LEGEND_TEXT =
      "test accuracy (%) at each offset; white frames: positions trained on";

  // Viridis at five stops: perceptually even, readable in grey and by colour-blind readers.
  private static final int[] STOPS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

  private final List<Regime> regimes;
  private final List<TranslationNetwork> networks;
  private final List<TranslationCell> cells;
  private final Canvas canvas;
  private final OffsetGrid grid;
  private final int rowLabel;

  /**
   * The heat maps of {@code cells} (one training-set size), laid out by {@code regimes} and {@code
   * networks}; a missing pair leaves its place empty.
   */
  public HeatMapSheet(
      List<Regime> regimes,
      List<TranslationNetwork> networks,
      List<TranslationCell> cells,
      Canvas canvas,
      OffsetGrid grid) {
    this.regimes = List.copyOf(regimes);
    this.networks = List.copyOf(networks);
    this.cells = List.copyOf(cells);
    this.canvas = canvas;
    this.grid = grid;
    int widest = Pictures.textWidth(Pictures.SMALL, "top offset \u2193");
    for (Regime regime : regimes) {
      widest = Math.max(widest, Pictures.textWidth(Pictures.SMALL, regime.description()));
    }
    this.rowLabel = widest + 16;
  }

  int mapSide() {
    return grid.points() * CELL;
  }

  /** Top-left corner of the heat map of regime row {@code r}, network column {@code n}. */
  int[] mapOrigin(int r, int n) {
    return new int[] {
      MARGIN + rowLabel + n * (mapSide() + GAP), MARGIN + HEADER + r * (mapSide() + GAP)
    };
  }

  /** {@code 0xRRGGBB} of an accuracy in {@code [0, 1]}, interpolated between the stops. */
  static int colour(double accuracy) {
    double t = Math.clamp(accuracy, 0.0, 1.0) * (STOPS.length - 1);
    int i = Math.min((int) t, STOPS.length - 2);
    double f = t - i;
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int a = STOPS[i] >> shift & 0xff;
      int b = STOPS[i + 1] >> shift & 0xff;
      rgb |= (int) Math.round(a + f * (b - a)) << shift;
    }
    return rgb;
  }

  public BufferedImage draw() {
    int height = MARGIN + HEADER + regimes.size() * (mapSide() + GAP) - GAP + LEGEND + MARGIN;
    int width =
        MARGIN + rowLabel + LEGEND_BAR + 20 + Pictures.textWidth(Pictures.SMALL, LEGEND_TEXT);
    for (int n = 0; n < networks.size(); n++) {
      // A network's name may be wider than its map: the last one sets the right edge then.
      int name = Pictures.textWidth(Pictures.SMALL, networks.get(n).displayName());
      width = Math.max(width, mapOrigin(0, n)[0] + Math.max(mapSide(), name));
    }
    width += MARGIN;
    BufferedImage image = Pictures.canvas(width, height);
    Graphics2D g = Pictures.graphics(image);
    g.setFont(Pictures.SMALL);
    for (int n = 0; n < networks.size(); n++) {
      int[] origin = mapOrigin(0, n);
      g.setColor(Pictures.INK);
      g.drawString(networks.get(n).displayName(), origin[0], MARGIN + 16);
      g.drawString("left offset \u2192", origin[0], MARGIN + 34);
    }
    for (int r = 0; r < regimes.size(); r++) {
      int[] origin = mapOrigin(r, 0);
      g.setColor(Pictures.INK);
      g.drawString(regimes.get(r).description(), MARGIN, origin[1] + 16);
      g.drawString("top offset \u2193", MARGIN, origin[1] + 34);
      for (int n = 0; n < networks.size(); n++) {
        TranslationCell cell = find(regimes.get(r), networks.get(n));
        if (cell != null) {
          drawMap(g, cell, mapOrigin(r, n));
        }
      }
    }
    drawLegend(g, MARGIN + rowLabel, height - MARGIN - LEGEND + 20);
    g.dispose();
    return image;
  }

  private TranslationCell find(Regime regime, TranslationNetwork network) {
    return cells.stream()
        .filter(c -> c.regime() == regime && c.network() == network)
        .findFirst()
        .orElse(null);
  }

  private void drawMap(Graphics2D g, TranslationCell cell, int[] origin) {
    int[] offsets = grid.offsets();
    double[][] accuracy = cell.accuracy();
    for (int i = 0; i < offsets.length; i++) {
      for (int j = 0; j < offsets.length; j++) {
        int x = origin[0] + j * CELL;
        int y = origin[1] + i * CELL;
        int rgb = colour(accuracy[i][j]);
        g.setColor(new Color(rgb));
        g.fillRect(x, y, CELL, CELL);
        // Dark text on the light (yellow, green) end, white on the dark end.
        g.setColor(accuracy[i][j] > 0.6 ? Pictures.INK : Color.WHITE);
        String text = Long.toString(Math.round(100 * accuracy[i][j]));
        g.drawString(
            text, x + (CELL - Pictures.textWidth(Pictures.SMALL, text)) / 2, y + CELL / 2 + 5);
      }
    }
    g.setColor(Color.WHITE);
    for (int i = 0; i < offsets.length; i++) {
      for (int j = 0; j < offsets.length; j++) {
        if (cell.regime().distance(canvas, offsets[i], offsets[j]) == 0) {
          g.drawRect(origin[0] + j * CELL + 1, origin[1] + i * CELL + 1, CELL - 3, CELL - 3);
        }
      }
    }
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(origin[0] - 1, origin[1] - 1, mapSide() + 1, mapSide() + 1);
  }

  private static void drawLegend(Graphics2D g, int left, int top) {
    int barWidth = LEGEND_BAR;
    for (int x = 0; x < barWidth; x++) {
      g.setColor(new Color(colour((double) x / (barWidth - 1))));
      g.fillRect(left + x, top, 1, 14);
    }
    g.setColor(Pictures.INK);
    g.drawString("0 %", left, top + 30);
    g.drawString("100 %", left + barWidth - 36, top + 30);
    g.drawString(LEGEND_TEXT, left + barWidth + 20, top + 12);
  }
}
