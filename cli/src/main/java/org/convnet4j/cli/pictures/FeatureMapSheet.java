package org.convnet4j.cli.pictures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Tensor;

/**
 * The tutorial's stack of feature maps for one input image: a section per stage (the input, then
 * every convolution and pooling layer), one panel per channel, each section captioned with the
 * layer and its output shape. The maps get smaller and more numerous down the page.
 */
public final class FeatureMapSheet {

  /**
   * One stage's output for one image.
   *
   * @param caption what produced it, like {@code conv2d_1 (Conv2D)}
   * @param maps {@code [h, w, c]}
   */
  public record Stage(String caption, Tensor maps) {
    public Stage {
      if (maps.rank() != 3) {
        throw new IllegalArgumentException(
            "feature maps: expected [h, w, c] for %s, got rank %d".formatted(caption, maps.rank()));
      }
    }
  }

  private static final int MARGIN = 20;
  private static final int CAPTION_HEIGHT = 34;
  private static final int SECTION_GAP = 24;

  private final List<Stage> stages;
  private final List<TileGrid> grids = new ArrayList<>();

  public FeatureMapSheet(List<Stage> stages) {
    this.stages = List.copyOf(stages);
    for (Stage stage : this.stages) {
      int[] shape = stage.maps().shape();
      grids.add(new TileGrid(shape[0], shape[1], shape[2], 56, 8));
    }
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
