package org.convnet4j.cli.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.convnet4j.Tensor;
import org.convnet4j.cli.report.PredictionChart;
import org.convnet4j.cli.report.Predictions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {

  @TempDir Path dir;

  @Test
  void filterGridHasOneTilePerFilterShowingItsWeights() throws Exception {
    // Filter f of a 2x2x1x5 kernel: weights f, f+1, f+2 and f+10 in reading order, so its top
    // left weight is the second smallest: grey 255 * 1 / 10 = 26 after min-max scaling.
    float[] weights = new float[2 * 2 * 1 * 5];
    for (int f = 0; f < 5; f++) {
      weights[0 * 5 + f] = f + 1;
      weights[1 * 5 + f] = f;
      weights[2 * 5 + f] = f + 2;
      weights[3 * 5 + f] = f + 10;
    }
    FilterGrid filters = new FilterGrid("conv2d_1", Tensor.of(weights, 2, 2, 1, 5));
    Path file = dir.resolve("filters.png");

    Pictures.writePng(filters.draw(), file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(filters.grid().count()).isEqualTo(5);
    int[] origin = FilterGrid.gridOrigin();
    for (int f = 0; f < 5; f++) {
      int[] tile = filters.grid().tileOrigin(f);
      int topLeft = image.getRGB(origin[0] + tile[0], origin[1] + tile[1]) & 0xff;
      assertThat(topLeft).as("filter %d", f).isEqualTo(26);
    }
  }

  @Test
  void featureMapSheetHasOnePanelPerChannelOfEveryStage() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    List<FeatureMapSheet.Stage> stages =
        List.of(
            new FeatureMapSheet.Stage("input", Tensor.randomUniform(random, 0, 1, 12, 12, 1)),
            new FeatureMapSheet.Stage(
                "conv2d_1 (Conv2D)", Tensor.randomUniform(random, 0, 1, 12, 12, 4)),
            new FeatureMapSheet.Stage(
                "max_pool2d_1 (MaxPool2D)", Tensor.randomUniform(random, 0, 1, 6, 6, 4)),
            new FeatureMapSheet.Stage(
                "conv2d_2 (Conv2D)", Tensor.randomUniform(random, 0, 1, 6, 6, 9)));
    FeatureMapSheet sheet = new FeatureMapSheet(stages);
    Path file = dir.resolve("maps.png");

    Pictures.writePng(sheet.draw(), file);

    assertThat(ImageIO.read(file.toFile())).isNotNull();
    assertThat(sheet.grids()).extracting(TileGrid::count).containsExactly(1, 4, 4, 9);
    assertThat(FeatureMapSheet.caption(stages.get(3)))
        .isEqualTo("conv2d_2 (Conv2D): 6x6x9 (9 channels)");
  }

  @Test
  void filtersReadingThreeChannelsAreColourTilesScaledPerFilter() throws Exception {
    // A 1x1x3x2 kernel: filter 0 reads (red 1, green -1, blue 0), range -1 to 1, so its tile is
    // (255, 0, round(127.5) = 128); filter 1 reads (0, 0, 2), range 0 to 2: pure blue.
    float[] weights = {1, 0, -1, 0, 0, 2};
    FilterGrid filters = new FilterGrid("conv2d_1", Tensor.of(weights, 1, 1, 3, 2));

    BufferedImage image = filters.draw();

    assertThat(filters.colour()).isTrue();
    int[] origin = FilterGrid.gridOrigin();
    int[] expected = {0xff0080, 0x0000ff};
    for (int f = 0; f < 2; f++) {
      int[] tile = filters.grid().tileOrigin(f);
      assertThat(image.getRGB(origin[0] + tile[0], origin[1] + tile[1]) & 0xffffff)
          .as("filter %d", f)
          .isEqualTo(expected[f]);
    }
  }

  @Test
  void colourInputIsOnePictureAndTheFootnoteAddsALine() throws Exception {
    // A 2x2 RGB input: red, green / blue, white; then 3 maps of a layer.
    float[] rgb = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
    List<FeatureMapSheet.Stage> stages =
        List.of(
            FeatureMapSheet.Stage.input("input", Tensor.of(rgb, 2, 2, 3)),
            new FeatureMapSheet.Stage("re_lu (ReLU)", Tensor.of(rgb, 2, 2, 3)));
    FeatureMapSheet plain = new FeatureMapSheet(stages);
    FeatureMapSheet noted = new FeatureMapSheet(stages, "not drawn: dense (Dense)");

    BufferedImage image = plain.draw();

    assertThat(plain.grids()).extracting(TileGrid::count).containsExactly(1, 3);
    int left = FeatureMapSheet.MARGIN;
    int top = FeatureMapSheet.MARGIN + FeatureMapSheet.CAPTION_HEIGHT;
    int[] red = plain.grids().getFirst().tileOrigin(0);
    int zoom = 28; // tiles at least 56 pixels wide: 2 pixels of 28
    assertThat(image.getRGB(left + red[0], top + red[1]) & 0xffffff).isEqualTo(0xff0000);
    assertThat(image.getRGB(left + zoom, top) & 0xffffff).isEqualTo(0x00ff00);
    assertThat(image.getRGB(left, top + zoom) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(noted.draw().getHeight())
        .isEqualTo(image.getHeight() + FeatureMapSheet.CAPTION_HEIGHT);
  }

  @Test
  void topPredictionsAreTheSoftmaxSortedDescending() {
    // softmax(ln 1, ln 2, ln 5, ln 2) = 0.1, 0.2, 0.5, 0.2
    Tensor logits =
        Tensor.of(
            new float[] {0f, (float) Math.log(2), (float) Math.log(5), (float) Math.log(2)}, 1, 4);

    List<Predictions.Guess> top = Predictions.top(logits, List.of("a", "b", "c", "d"), 3);

    assertThat(top).extracting(Predictions.Guess::className).containsExactly("c", "b", "d");
    assertThat(top.get(0).probability()).isCloseTo(0.5, within(1e-6));
    assertThat(top.get(1).probability()).isCloseTo(0.2, within(1e-6));
  }

  @Test
  void softmaxOfHugeLogitsStaysFinite() {
    Tensor logits = Tensor.of(new float[] {1000f, 999f}, 2);

    List<Predictions.Guess> top = Predictions.top(logits, List.of("a", "b"), 2);

    // e^0 / (e^0 + e^-1) = 0.7311
    assertThat(top.get(0).probability()).isCloseTo(0.7311, within(1e-4));
  }

  @Test
  void predictionChartHasOneBarPerGuessAndDecodes() throws Exception {
    List<Predictions.Guess> guesses =
        List.of(
            new Predictions.Guess(7, "7", 0.9),
            new Predictions.Guess(1, "1", 0.06),
            new Predictions.Guess(9, "9", 0.01));
    var chart = PredictionChart.chart("digit.png", guesses);
    Path file = dir.resolve("predictions.png");

    Pictures.writePng(PredictionChart.image(chart), file);

    assertThat(ImageIO.read(file.toFile())).isNotNull();
    assertThat(chart.getSeriesMap().get("probability").getYData()).hasSize(3);
    assertThat(chart.getTitle()).isEqualTo("digit.png: 7 (90.0 %)");
  }
}
