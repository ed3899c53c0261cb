package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.cli.pictures.FeatureMapSheet;
import org.convnet4j.cli.pictures.FilterGrid;
import org.convnet4j.cli.report.RunReport;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * visualize and the report on a model trained on a folder of colour images: three classes of 8x6
 * PNGs, mostly red, green or blue.
 */
class ColourModelTest {

  @TempDir static Path dir;

  private static String previousCache;
  private static TrainingResult result;
  private static Path run;

  @BeforeAll
  static void trainOnColourImages() throws IOException {
    // TrainingRun caches the decoded folder in the user cache: point it at the temporary folder.
    previousCache = System.getProperty("convnet4j.cache");
    System.setProperty("convnet4j.cache", dir.resolve("cache").toString());
    Path data = colourFolder(dir.resolve("colours"));
    run = dir.resolve("run");
    TrainingRun.LoadedData loaded =
        TrainingRun.loadData(
            TrainingConfig.defaults()
                .withEpochs(1)
                .withBatchSize(8)
                .withThreads(1)
                .withImageFolder(data, ImageFolderSpec.defaults().withValidationSplit(0.1))
                .withOutputDir(run),
            line -> {});
    // A small network on the folder's 8x6x3 images: the first convolution reads red, green, blue.
    Sequential model =
        new Sequential(
            new int[] {8, 6, 3},
            1,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
            new Flatten(),
            new Dense(3));
    result = TrainingRun.start(loaded.config(), loaded.data(), model, TrainingListener.NONE);
  }

  @AfterAll
  static void restoreCache() {
    if (previousCache == null) {
      System.clearProperty("convnet4j.cache");
    } else {
      System.setProperty("convnet4j.cache", previousCache);
    }
  }

  static Path colourFolder(Path root) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    String[] classes = {"blue", "green", "red"};
    int[] shifts = {0, 8, 16};
    for (int k = 0; k < classes.length; k++) {
      Path classDir = Files.createDirectories(root.resolve(classes[k]));
      for (int n = 0; n < 12; n++) {
        BufferedImage image = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 6; x++) {
            int rgb = 0;
            for (int shift : shifts) {
              rgb |= (shift == shifts[k] ? 150 + random.nextInt(100) : random.nextInt(90)) << shift;
            }
            image.setRGB(x, y, rgb);
          }
        }
        ImageIO.write(image, "png", classDir.resolve("%02d.png".formatted(n)).toFile());
      }
    }
    return root;
  }

  @Test
  void visualizeDrawsColourFiltersAndTheImageInColour() throws IOException {
    Path out = dir.resolve("pictures");
    CommandRun visualize =
        CommandRun.of(
            Main.commandLine(),
            "visualize",
            "--model",
            run.toString(),
            "--image",
            dir.resolve("colours").resolve("red").resolve("03.png").toString(),
            "--output",
            out.toString());

    assertThat(visualize.exitCode()).as(visualize.err()).isZero();
    assertThat(visualize.out()).startsWith("03.png: ");
    FilterGrid filters =
        FilterGrid.ofFirstConvolution(Checkpoint.load(run.resolve(Checkpoint.FILE_NAME)).model())
            .orElseThrow();
    BufferedImage drawn = ImageIO.read(out.resolve(VisualizeCommand.FILTERS_FILE).toFile());
    BufferedImage expected = filters.draw();
    assertThat(drawn.getWidth()).isEqualTo(expected.getWidth());
    assertThat(drawn.getRGB(0, 0, drawn.getWidth(), drawn.getHeight(), null, 0, drawn.getWidth()))
        .containsExactly(
            expected.getRGB(
                0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth()));
    assertThat(ImageIO.read(out.resolve(VisualizeCommand.FEATURE_MAPS_FILE).toFile())).isNotNull();
  }

  @Test
  void theInputIsOneColourPictureOfTheModelsShape() throws IOException {
    Tensor picture =
        SavedModel.load(run).image(dir.resolve("colours").resolve("red").resolve("00.png"));

    FeatureMapSheet sheet = VisualizeCommand.featureMapSheet(result.model(), picture, "a red one");

    assertThat(picture.shape()).containsExactly(8, 6, 3);
    FeatureMapSheet.Stage input = sheet.stages().getFirst();
    assertThat(input.picture()).isTrue();
    assertThat(input.maps().shape()).containsExactly(8, 6, 3);
  }

  @Test
  void theReportNamesTheFoldersClasses() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("report"));

    new RunReport(result).writeTo(folder);

    String html = Files.readString(folder.resolve(RunReport.REPORT_FILE));
    assertThat(html).contains("3 classes: blue, green, red.");
  }
}
