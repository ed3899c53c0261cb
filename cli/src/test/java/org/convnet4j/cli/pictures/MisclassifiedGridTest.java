package org.convnet4j.cli.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.train.Evaluation.Misclassified;
import org.junit.jupiter.api.Test;

class MisclassifiedGridTest {

  private static final List<String> NAMES = List.of("cat", "dog", "bird");

  /** A 4x4 image of one grey level. */
  private static Tensor grey(float level) {
    float[] pixels = new float[16];
    Arrays.fill(pixels, level);
    return Tensor.of(pixels, 4, 4, 1);
  }

  @Test
  void twelveGreyImagesFillARowOfTenAndTwoOfTheNextEachInItsOwnGrey() {
    List<Misclassified> wrong = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      wrong.add(new Misclassified(i, i % 3, (i + 1) % 3, grey(i / 11f)));
    }
    MisclassifiedGrid grid = new MisclassifiedGrid(wrong, NAMES);

    BufferedImage image = grid.draw();

    assertThat(grid.columns()).isEqualTo(10);
    assertThat(grid.rows()).isEqualTo(2);
    assertThat(grid.zoom()).isEqualTo(16); // 4 pixels enlarged to at least 64
    assertThat(image.getHeight())
        .isEqualTo(
            2 * MisclassifiedGrid.MARGIN
                + MisclassifiedGrid.TITLE_HEIGHT
                + 2 * grid.cellHeight()
                - MisclassifiedGrid.GAP);
    for (int i = 0; i < 12; i++) {
      int[] origin = grid.imageOrigin(i);
      int level = Math.round(255 * (i / 11f));
      // the centre of the enlarged image, away from the frame
      assertThat(image.getRGB(origin[0] + 32, origin[1] + 32) & 0xffffff)
          .as("image %d", i)
          .isEqualTo(level << 16 | level << 8 | level);
    }
    assertThat(grid.imageOrigin(10)[0]).isEqualTo(grid.imageOrigin(0)[0]);
    assertThat(grid.imageOrigin(10)[1]).isEqualTo(grid.imageOrigin(0)[1] + grid.cellHeight());
    assertThat(grid.caption(wrong.get(4))).isEqualTo("dog \u2192 bird");
  }

  @Test
  void colourImagesKeepTheirColours() {
    float[] pixels = new float[2 * 2 * 3];
    for (int p = 0; p < 4; p++) {
      pixels[p * 3 + p % 3] = 1; // red, green, blue, red
    }
    Misclassified bird = new Misclassified(7, 0, 2, Tensor.of(pixels, 2, 2, 3));
    MisclassifiedGrid grid = new MisclassifiedGrid(List.of(bird), NAMES);

    BufferedImage image = grid.draw();

    int[] origin = grid.imageOrigin(0);
    int zoom = grid.zoom();
    assertThat(image.getRGB(origin[0], origin[1]) & 0xffffff).isEqualTo(0xff0000);
    assertThat(image.getRGB(origin[0] + zoom, origin[1]) & 0xffffff).isEqualTo(0x00ff00);
    assertThat(image.getRGB(origin[0], origin[1] + zoom) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(grid.caption(bird)).isEqualTo("cat \u2192 bird");
  }

  @Test
  void nothingToDrawOrAClassWithoutANameIsAnError() {
    assertThatThrownBy(() -> new MisclassifiedGrid(List.of(), NAMES))
        .hasMessage("misclassified grid: no misclassified images to draw");
    assertThatThrownBy(
            () -> new MisclassifiedGrid(List.of(new Misclassified(3, 0, 5, grey(0))), NAMES))
        .hasMessage("misclassified grid: image 3 has class 5, but only 3 class names");
  }
}
