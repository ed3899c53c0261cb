package org.convnet4j.cli.pictures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.convnet4j.Tensor;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Sequential;

/**
 * A convolution layer's learned filters as a grid of tiles, one per filter. Each tile shows the
 * filter's weights from black (its most negative weight) to white (its most positive), so every
 * filter's pattern is visible whatever its scale: in colour when the filter reads 3 input channels
 * (a first layer on RGB images: its weights for red, green and blue as the tile's red, green and
 * blue), else averaged over the input channels.
 */
public final class FilterGrid {

  private static final int MARGIN = 20;
  private static final int TITLE_HEIGHT = 56;

  private final String title;
  private final float[] data;
  private final int kh;
  private final int kw;
  private final int cin;
  private final int cout;
  private final TileGrid grid;

  /**
   * The filters of {@code kernel}, shape {@code [kh, kw, cin, cout]}.
   *
   * @throws IllegalArgumentException if the kernel is not of rank 4
   */
  public FilterGrid(String layerName, Tensor kernel) {
    if (kernel.rank() != 4) {
      throw new IllegalArgumentException(
          "filter grid: expected a convolution kernel [kh, kw, cin, cout], got rank "
              + kernel.rank());
    }
    this.kh = kernel.dim(0);
    this.kw = kernel.dim(1);
    this.cin = kernel.dim(2);
    this.cout = kernel.dim(3);
    this.data = kernel.toFloatArray();
    this.title = "%s: %d filters of %dx%dx%d".formatted(layerName, cout, kh, kw, cin);
    this.grid = new TileGrid(kh, kw, cout, 60, 8);
  }

  /** The grid of the model's first {@link Conv2D} layer, if it has one. */
  public static Optional<FilterGrid> ofFirstConvolution(Sequential model) {
    return model.layers().stream()
        .filter(Conv2D.class::isInstance)
        .map(Conv2D.class::cast)
        .findFirst()
        .map(conv -> new FilterGrid(conv.name(), conv.kernel().value()));
  }

  TileGrid grid() {
    return grid;
  }

  /** Left and top of the grid in the drawn image. */
  static int[] gridOrigin() {
    return new int[] {MARGIN, MARGIN + TITLE_HEIGHT};
  }

  /** Whether the tiles are in colour: the filters read 3 channels, taken as red, green, blue. */
  boolean colour() {
    return cin == 3;
  }

  public BufferedImage draw() {
    String legend =
        colour()
            ? "one tile per filter, its weights for the red, green and blue inputs as colours;"
                + " each filter from its most negative weight (0) to its most positive (full)"
            : "one tile per filter; black = its most negative weight, white = most positive";
    int width =
        Math.max(
            grid.width(),
            Math.max(
                Pictures.textWidth(Pictures.TITLE, title),
                Pictures.textWidth(Pictures.SMALL, legend)));
    BufferedImage image =
        Pictures.canvas(width + 2 * MARGIN, grid.height() + TITLE_HEIGHT + 2 * MARGIN);
    Graphics2D g = Pictures.graphics(image);
    g.setFont(Pictures.TITLE);
    g.drawString(title, MARGIN, MARGIN + 20);
    g.setFont(Pictures.SMALL);
    g.drawString(legend, MARGIN, MARGIN + 42);
    g.dispose();
    int[] origin = gridOrigin();
    if (colour()) {
      float[][] ranges = rangesOverAllChannels();
      grid.draw(
          image,
          origin[0],
          origin[1],
          (f, y, x) -> {
            int at = (y * kw + x) * cin * cout + f;
            return TileGrid.rgb(
                data[at], data[at + cout], data[at + 2 * cout], ranges[f][0], ranges[f][1]);
          });
      return image;
    }
    float[][] tiles = meanOverInputChannels();
    float[][] ranges = new float[cout][];
    for (int f = 0; f < cout; f++) {
      ranges[f] = TileGrid.range(tiles[f]);
    }
    grid.draw(
        image,
        origin[0],
        origin[1],
        (f, y, x) -> TileGrid.grey(tiles[f][y * kw + x], ranges[f][0], ranges[f][1]));
    return image;
  }

  // ranges[f] = {min, max} of filter f's weights over every position and input channel
  private float[][] rangesOverAllChannels() {
    float[][] ranges = new float[cout][];
    for (int f = 0; f < cout; f++) {
      ranges[f] = new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    }
    for (int i = 0; i < data.length; i++) {
      float[] range = ranges[i % cout];
      range[0] = Math.min(range[0], data[i]);
      range[1] = Math.max(range[1], data[i]);
    }
    return ranges;
  }

  // tiles[f][y * kw + x] = mean over c of kernel[y, x, c, f]
  private float[][] meanOverInputChannels() {
    float[][] tiles = new float[cout][kh * kw];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int c = 0; c < cin; c++) {
          for (int f = 0; f < cout; f++) {
            tiles[f][y * kw + x] += data[((y * kw + x) * cin + c) * cout + f] / cin;
          }
        }
      }
    }
    return tiles;
  }
}
