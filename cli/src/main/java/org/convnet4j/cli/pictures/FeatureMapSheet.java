package org.convnet4j.cli.pictures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Tensor;

/**
 * The tutorial's stack of feature maps for one input image: a section per stage (the input, then
 * every layer with spatial maps), one panel per channel, each section captioned with the layer and
 * its output shape. The maps get smaller and more numerous down the page. The input is one picture,
 * in colour when it has 3 channels; a footnote can name the layers not drawn.
 */
public final class FeatureMapSheet {

  /**
   * One stage's output for one image.
   *
   * @param caption what produced it, like {@code conv2d_1 (Conv2D)}
   * @param maps {@code [h, w, c]}
   * @param picture drawn as one image with values in {@code [0, 1]} (red, green and blue for 3
   *     channels, grey for 1) instead of a panel per channel: the input
   */
  public record Stage(String caption, Tensor maps, boolean picture) {
    public Stage {
      if (maps.rank() != 3) {
        throw new IllegalArgumentException(
            "feature maps: expected [h, w, c] for %s, got rank %d".formatted(caption, maps.rank()));
      }
    }

    /** A layer's maps, a panel per channel. */
    public Stage(String caption, Tensor maps) {
      this(caption, maps, false);
    }

    /** The input image, drawn as one picture. */
    public static Stage input(String caption, Tensor image) {
      return new Stage(caption, image, true);
    }
  }

  static final int MARGIN = 20;
  static final int CAPTION_HEIGHT = 34;
  private static final int SECTION_GAP = 24;

  private final List<Stage> stages;
  private final String footnote;
  private final List<TileGrid> grids = new ArrayList<>();

  public FeatureMapSheet(List<Stage> stages) {
    this(stages, "");
  }

  /** The stages, and a line under them (none if empty), like the layers not drawn. */
  public FeatureMapSheet(List<Stage> stages, String footnote) {
    this.stages = List.copyOf(stages);
    this.footnote = footnote;
    for (Stage stage : this.stages) {
      int[] shape = stage.maps().shape();
      grids.add(new TileGrid(shape[0], shape[1], stage.picture() ? 1 : shape[2], 56, 8));
    }
  }

  /** The stages, in order. */
  public List<Stage> stages() {
    return stages;
  }

  /** The line under the stages; empty if none. */
  public String footnote() {
    return footnote;
  }

  /** The panel grid of each stage, in order. */
  List<TileGrid> grids() {
    return List.copyOf(grids);
  }

  /** Caption of a stage: its name and shape, {@code conv2d_1 (Conv2D): 28x28x32}. */
  static String caption(Stage stage) {
    int[] shape = stage.maps().shape();
    return "%s: %dx%dx%d (%d %s)"
        .formatted(
            stage.caption(),
            shape[0],
            shape[1],
            shape[2],
            shape[2],
            shape[2] == 1 ? "channel" : "channels");
  }

  public BufferedImage draw() {
    int width = 0;
    int height = MARGIN;
    for (int i = 0; i < stages.size(); i++) {
      width = Math.max(width, grids.get(i).width());
      width = Math.max(width, Pictures.textWidth(Pictures.TEXT, caption(stages.get(i))));
      height += CAPTION_HEIGHT + grids.get(i).height() + SECTION_GAP;
    }
    if (!footnote.isEmpty()) {
      width = Math.max(width, Pictures.textWidth(Pictures.SMALL, footnote));
      height += CAPTION_HEIGHT;
    }
    BufferedImage image = Pictures.canvas(width + 2 * MARGIN, height + MARGIN);
    Graphics2D g = Pictures.graphics(image);
    g.setFont(Pictures.TEXT);
    int top = MARGIN;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      g.drawString(caption(stage), MARGIN, top + 20);
      top += CAPTION_HEIGHT;
      int[] shape = stage.maps().shape();
      int w = shape[1];
      int c = shape[2];
      float[] values = stage.maps().toFloatArray();
      if (stage.picture()) {
        grids
            .get(i)
            .draw(image, MARGIN, top, (tile, y, x) -> TileGrid.imagePixel(values, w, c, y, x));
        top += grids.get(i).height() + SECTION_GAP;
        continue;
      }
      // One scale per stage, so a channel that barely fires looks dark next to one that does;
      // white from the 99th percentile up, so a few hot cells do not leave the rest black.
      float low = TileGrid.range(values)[0];
      float high = percentile(values, 0.99);
      grids
          .get(i)
          .draw(
              image,
              MARGIN,
              top,
              (channel, y, x) -> TileGrid.grey(values[(y * w + x) * c + channel], low, high));
      top += grids.get(i).height() + SECTION_GAP;
    }
    if (!footnote.isEmpty()) {
      g.setFont(Pictures.SMALL);
      g.drawString(footnote, MARGIN, top + 14);
    }
    g.dispose();
    return image;
  }

  /** The value below which a fraction {@code p} of {@code values} lie. */
  static float percentile(float[] values, double p) {
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}
