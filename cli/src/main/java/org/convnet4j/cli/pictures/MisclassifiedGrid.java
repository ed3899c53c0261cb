package org.convnet4j.cli.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.train.Evaluation.Misclassified;

/**
 * Test images the model got wrong, in rows of {@value #COLUMNS}, each captioned {@code true ->
 * predicted} with the class names: in colour when the images have 3 channels, else grey.
 */
public final class MisclassifiedGrid {

  static final int COLUMNS = 10;
  static final int MARGIN = 20;
  static final int TITLE_HEIGHT = 34;
  static final int CAPTION_HEIGHT = 20;
  static final int GAP = 12;
  private static final int MIN_SIDE = 64;

  private final List<Misclassified> examples;
  private final List<String> classNames;
  private final int height;
  private final int width;
  private final int zoom;
  private final int cellWidth;

  /**
   * The grid of {@code examples}, their classes named by {@code classNames} (in label order).
   *
   * @throws IllegalArgumentException if there are no examples, their images differ in shape or a
   *     class has no name
   */
  public MisclassifiedGrid(List<Misclassified> examples, List<String> classNames) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("misclassified grid: no misclassified images to draw");
    }
    int[] shape = examples.getFirst().image().shape();
    for (Misclassified m : examples) {
      if (!Arrays.equals(m.image().shape(), shape)) {
        throw new IllegalArgumentException(
            "misclassified grid: image %d is %s, the first is %s"
                .formatted(m.index(), Arrays.toString(m.image().shape()), Arrays.toString(shape)));
      }
      if (Math.max(m.actual(), m.predicted()) >= classNames.size()) {
        throw new IllegalArgumentException(
            "misclassified grid: image %d has class %d, but only %d class names"
                .formatted(m.index(), Math.max(m.actual(), m.predicted()), classNames.size()));
      }
    }
    this.examples = List.copyOf(examples);
    this.classNames = List.copyOf(classNames);
    this.height = shape[0];
    this.width = shape[1];
    this.zoom = Math.max(1, (MIN_SIDE + width - 1) / width);
    int widestCaption = 0;
    for (Misclassified m : examples) {
      widestCaption = Math.max(widestCaption, Pictures.textWidth(Pictures.SMALL, caption(m)));
    }
    this.cellWidth = Math.max(width * zoom, widestCaption) + GAP;
  }

  /** {@code 7 → 2}: the true class, then the predicted one. */
  String caption(Misclassified m) {
    return classNames.get(m.actual()) + " \u2192 " + classNames.get(m.predicted());
  }

  int columns() {
    return Math.min(COLUMNS, examples.size());
  }

  int rows() {
    return (examples.size() + COLUMNS - 1) / COLUMNS;
  }

  int cellHeight() {
    return height * zoom + CAPTION_HEIGHT + GAP;
  }

  /** Top-left corner of image {@code i} in the drawn picture. */
  int[] imageOrigin(int i) {
    return new int[] {
      MARGIN + (i % COLUMNS) * cellWidth, MARGIN + TITLE_HEIGHT + (i / COLUMNS) * cellHeight()
    };
  }

  /** How many screen pixels a side of one image pixel takes. */
  int zoom() {
    return zoom;
  }

  public BufferedImage draw() {
    String title =
        "%d misclassified test %s, true class \u2192 predicted"
            .formatted(examples.size(), examples.size() == 1 ? "image" : "images");
    int pictureWidth =
        Math.max(columns() * cellWidth - GAP, Pictures.textWidth(Pictures.TEXT, title));
    BufferedImage image =
        Pictures.canvas(
            pictureWidth + 2 * MARGIN, TITLE_HEIGHT + rows() * cellHeight() - GAP + 2 * MARGIN);
    Graphics2D g = Pictures.graphics(image);
    g.setFont(Pictures.TEXT);
    g.drawString(title, MARGIN, MARGIN + 18);
    g.setFont(Pictures.SMALL);
    int c = examples.getFirst().image().dim(2);
    for (int i = 0; i < examples.size(); i++) {
      Misclassified m = examples.get(i);
      float[] values = m.image().toFloatArray();
      int[] origin = imageOrigin(i);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          g.setColor(new Color(TileGrid.imagePixel(values, width, c, y, x)));
          g.fillRect(origin[0] + x * zoom, origin[1] + y * zoom, zoom, zoom);
        }
      }
      g.setColor(Color.LIGHT_GRAY);
      g.drawRect(origin[0] - 1, origin[1] - 1, width * zoom + 1, height * zoom + 1);
      g.setColor(Pictures.INK);
      g.drawString(caption(m), origin[0], origin[1] + height * zoom + 15);
    }
    g.dispose();
    return image;
  }
}
