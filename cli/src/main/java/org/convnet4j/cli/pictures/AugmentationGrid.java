package org.convnet4j.cli.pictures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.convnet4j.data.Augmentation;
import org.convnet4j.data.Batch;

/**
 * What the network sees with an augmentation: one row per training image, the image as it is on
 * the left, then {@value #VERSIONS} distorted versions of it, those of {@value #VERSIONS}
 * consecutive training steps.
 */
public final class AugmentationGrid {

  static final int VERSIONS = 9;
  static final int MARGIN = 20;
  static final int TITLE_HEIGHT = 34;
  private static final int MIN_SIDE = 56;

  private final Augmentation augmentation;
  private final Batch images;
  private final long seed;

  /**
   * @param images the training images to distort, one row each
   * @param seed the augmentation's seed
   */
  public AugmentationGrid(Augmentation augmentation, Batch images, long seed) {
    if (images.size() == 0) {
      throw new IllegalArgumentException("augmentation grid: no images to draw");
    }
    this.augmentation = augmentation;
    this.images = images;
    this.seed = seed;
  }

  public BufferedImage draw() {
    int n = images.size();
    int h = images.images().dim(1);
    int w = images.images().dim(2);
    int c = images.images().dim(3);
    int plane = h * w * c;
    // Tile r * (VERSIONS + 1) + v: image r as it is (v = 0), then as step v - 1 distorts it.
    float[] tiles = new float[n * (VERSIONS + 1) * plane];
    float[] original = images.images().toFloatArray();
    Augmentation.Augmenter augmenter = augmentation.augmenter(seed);
    for (int v = 0; v <= VERSIONS; v++) {
      float[] version =
          v == 0 ? original : augmenter.apply(images, v - 1).images().toFloatArray();
      for (int r = 0; r < n; r++) {
        System.arraycopy(version, r * plane, tiles, (r * (VERSIONS + 1) + v) * plane, plane);
      }
    }
    TileGrid grid = new TileGrid(h, w, n * (VERSIONS + 1), MIN_SIDE, VERSIONS + 1);
    String title = "left: training images; right: " + augmentation;
    int width = Math.max(grid.width(), Pictures.textWidth(Pictures.TEXT, title));
    BufferedImage image =
        Pictures.canvas(width + 2 * MARGIN, grid.height() + TITLE_HEIGHT + 2 * MARGIN);
    Graphics2D g = Pictures.graphics(image);
    g.setFont(Pictures.TEXT);
    g.drawString(title, MARGIN, MARGIN + 18);
    g.dispose();
    grid.draw(
        image,
        MARGIN,
        MARGIN + TITLE_HEIGHT,
        // Tiles lie one after another, so tile t's row y is row t * h + y of one tall image.
        (tile, y, x) -> TileGrid.imagePixel(tiles, w, c, tile * h + y, x));
    return image;
  }
}
