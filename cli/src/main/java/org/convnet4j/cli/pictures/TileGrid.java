package org.convnet4j.cli.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Small images in rows and columns, each pixel drawn as a {@code zoom x zoom} square with a gap
 * between tiles: the layout of the filter grid and of the feature-map panels.
 */
public final class TileGrid {

  /** The colour of pixel {@code (y, x)} of tile {@code tile}, as {@code 0xRRGGBB}. */
  interface Pixels {
    int rgb(int tile, int y, int x);
  }

  static final int GAP = 6;

  private final int tileHeight;
  private final int tileWidth;
  private final int zoom;
  private final int count;
  private final int columns;

  /**
   * {@code count} tiles of {@code tileHeight x tileWidth} pixels, each pixel enlarged so a tile is
   * at least {@code minSide} screen pixels wide, at most {@code maxColumns} tiles a row.
   */
  TileGrid(int tileHeight, int tileWidth, int count, int minSide, int maxColumns) {
    this.tileHeight = tileHeight;
    this.tileWidth = tileWidth;
    this.zoom = Math.max(1, (minSide + tileWidth - 1) / tileWidth);
    this.count = count;
    this.columns = Math.min(count, maxColumns);
  }

  int count() {
    return count;
  }

  int width() {
    return columns * (tileWidth * zoom + GAP) - GAP;
  }

  int height() {
    int rows = (count + columns - 1) / columns;
    return rows * (tileHeight * zoom + GAP) - GAP;
  }

  /** Top-left corner of tile {@code i}, relative to the grid's. */
  int[] tileOrigin(int i) {
    return new int[] {
      (i % columns) * (tileWidth * zoom + GAP), (i / columns) * (tileHeight * zoom + GAP)
    };
  }

  /** Draws every tile, with a thin frame, with its top-left corner at {@code (left, top)}. */
  void draw(BufferedImage image, int left, int top, Pixels pixels) {
    Graphics2D g = image.createGraphics();
    for (int i = 0; i < count; i++) {
      int[] origin = tileOrigin(i);
      int x0 = left + origin[0];
      int y0 = top + origin[1];
      for (int y = 0; y < tileHeight; y++) {
        for (int x = 0; x < tileWidth; x++) {
          g.setColor(new Color(pixels.rgb(i, y, x)));
          g.fillRect(x0 + x * zoom, y0 + y * zoom, zoom, zoom);
        }
      }
      g.setColor(Color.LIGHT_GRAY);
      g.drawRect(x0 - 1, y0 - 1, tileWidth * zoom + 1, tileHeight * zoom + 1);
    }
    g.dispose();
  }

  /** Grey for {@code value} on a scale from {@code low} (black) to {@code high} (white). */
  static int grey(double value, double low, double high) {
    double t = high > low ? (value - low) / (high - low) : 0;
    int level = (int) Math.round(255 * Math.clamp(t, 0.0, 1.0));
    return level << 16 | level << 8 | level;
  }

  /** {@code 0xRRGGBB} of red, green and blue on a scale from {@code low} to {@code high}. */
  static int rgb(double r, double g, double b, double low, double high) {
    return grey(r, low, high) & 0xff0000 | grey(g, low, high) & 0xff00 | grey(b, low, high) & 0xff;
  }

  /**
   * Pixel {@code (y, x)} of an image {@code [h, w, c]} (row-major in {@code values}) whose values
   * lie in {@code [0, 1]}: red, green and blue for 3 channels, grey for 1, the channels' mean for
   * any other count.
   */
  static int imagePixel(float[] values, int w, int c, int y, int x) {
    int at = (y * w + x) * c;
    if (c == 3) {
      return rgb(values[at], values[at + 1], values[at + 2], 0, 1);
    }
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += values[at + k];
    }
    return grey(sum / c, 0, 1);
  }

  /** {@code {min, max}} of {@code values}. */
  static float[] range(float[] values) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new float[] {min, max};
  }
}
