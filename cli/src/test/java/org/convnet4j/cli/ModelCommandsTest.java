package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.cli.pictures.FeatureMapSheet;
import org.convnet4j.cli.pictures.FilterGrid;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Dropout;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval, predict, summary and visualize on a checkpoint of the tiny model. */
class ModelCommandsTest {

  @TempDir static Path runDir;

  @TempDir Path dir;

  private static Path checkpoint;

  @BeforeAll
  static void trainTinyModel() throws IOException {
    TinyRuns.train(TinyRuns.config(runDir), TrainingListener.NONE);
    checkpoint = runDir.resolve(Checkpoint.FILE_NAME);
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  private CommandRun visualizeTestImage(String index) {
    return run(
        "visualize",
        "--model",
        checkpoint.toString(),
        "--index",
        index,
        "--output",
        dir.toString());
  }

  private Path digitPicture(String name, String format) throws IOException {
    BufferedImage image = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 120, 160);
    g.setColor(Color.BLACK);
    g.fillRect(50, 20, 16, 120);
    g.dispose();
    Path file = dir.resolve(name);
    ImageIO.write(image, format, file.toFile());
    return file;
  }

  @Test
  void summaryPrintsTheTutorialNetworkWithAndWithoutSharing() {
    CommandRun result = run("summary");

    assertThat(result.exitCode()).isZero();
    // The tutorial network's parameter total, as nn's Models documents it.
    assertThat(result.out()).contains("Without sharing").contains("3,274,634");
  }

  @Test
  void summaryOfACheckpointDescribesItsModel() {
    CommandRun result = run("summary", "--model", checkpoint.toString());

    // conv 3x3x1x4: 36 weights + 4 biases shared; 40 at each of 14x14 positions without.
    assertThat(result.out()).containsPattern("conv2d_1 \\(Conv2D\\) +14x14x4 +40 +7,840");
  }

  @Test
  void evalPrintsTheTestAccuracyOfTheSavedModel() throws IOException {
    Evaluation expected =
        Evaluation.of(
            Checkpoint.load(checkpoint).model(), TinyRuns.data().test(), TinyRuns.CLASSES);

    CommandRun result = run("eval", "--model", runDir.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().findFirst())
        .hasValue(
            "test accuracy %s (%d of 30 test images)"
                .formatted(EvaluationTables.percent(expected.accuracy()), expected.correct()));
  }

  @Test
  void evalPrintsPrecisionRecallAndTheConfusionMatrixAsTables() {
    CommandRun result = run("eval", "--model", checkpoint.toString());

    List<String> lines = result.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.matches("class +precision +recall +examples"));
    assertThat(lines).anyMatch(l -> l.matches("true \\\\ predicted +0 +1 +2 +3 +4 +5 +6 +7 +8 +9"));
    // Ten rows of ten counts, one per true class, each row summing to its three test images.
    List<String> matrixRows = lines.subList(lines.size() - 10, lines.size());
    for (int t = 0; t < 10; t++) {
      String[] cells = matrixRows.get(t).trim().split(" +");
      assertThat(cells[0]).isEqualTo(Integer.toString(t));
      long sum = 0;
      for (int c = 1; c <= 10; c++) {
        sum += Long.parseLong(cells[c]);
      }
      assertThat(sum).isEqualTo(3);
    }
  }

  @Test
  void evalOfAMissingModelIsOneLine() {
    Path missing = dir.resolve("nothing.ckpt");

    CommandRun result = run("eval", "--model", missing.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("convnet4j eval: " + missing + ": no such file or folder");
  }

  @Test
  void evalOfADamagedCheckpointIsOneLineAndLeavesItAlone() throws IOException {
    Path damaged = dir.resolve("damaged.ckpt");
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(damaged, bytes);

    CommandRun result = run("eval", "--model", damaged.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j eval: checkpoint "
                + damaged
                + ": damaged: the checksum does not match the content");
    assertThat(damaged).hasBinaryContent(bytes);
  }

  @Test
  void predictPrintsTheTopThreeClassesOfEachImage() throws IOException {
    Path png = digitPicture("one.png", "png");
    Path jpeg = digitPicture("one.jpg", "jpeg");

    CommandRun result =
        run("predict", "--model", checkpoint.toString(), png.toString(), jpeg.toString());

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith(png + ": ");
    assertThat(lines.get(1)).startsWith(jpeg + ": ");
    for (String line : lines) {
      assertThat(line).matches(".*: \\d [0-9.]+ %, \\d [0-9.]+ %, \\d [0-9.]+ %");
      String[] percents =
          line.replaceAll(".*: ", "").replaceAll("\\d ([0-9.]+) %", "$1").split(", ");
      assertThat(Double.parseDouble(percents[0]))
          .isGreaterThanOrEqualTo(Double.parseDouble(percents[1]));
      assertThat(Double.parseDouble(percents[1]))
          .isGreaterThanOrEqualTo(Double.parseDouble(percents[2]));
    }
  }

  @Test
  void predictOfAnUnreadableImageIsOneLineNamingIt() throws IOException {
    Path good = digitPicture("one.png", "png");
    Path bad = Files.writeString(dir.resolve("seven.png"), "this is not a PNG");

    CommandRun result =
        run("predict", "--model", checkpoint.toString(), good.toString(), bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j predict: "
                + bad
                + ": is not a PNG, JPEG, BMP or GIF image (no decoder recognises its"
                + " content)");
  }

  @Test
  void predictWithoutImagesIsAUsageError() {
    CommandRun result = run("predict", "--model", checkpoint.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("convnet4j predict: Missing required parameter");
  }

  @Test
  void visualizeDrawsTheFirstConvolutionsFiltersFeatureMapsAndPredictions() throws IOException {
    CommandRun result = visualizeTestImage("4");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("test image 4, labelled 4: ");
    Conv2D conv = (Conv2D) Checkpoint.load(checkpoint).model().layers().getFirst();
    BufferedImage expected = new FilterGrid(conv.name(), conv.kernel().value()).draw();
    BufferedImage filters = ImageIO.read(dir.resolve(VisualizeCommand.FILTERS_FILE).toFile());
    assertThat(filters.getWidth()).isEqualTo(expected.getWidth());
    assertThat(filters.getHeight()).isEqualTo(expected.getHeight());
    assertThat(
            filters.getRGB(
                0, 0, filters.getWidth(), filters.getHeight(), null, 0, filters.getWidth()))
        .containsExactly(
            expected.getRGB(
                0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth()));
    assertThat(ImageIO.read(dir.resolve(VisualizeCommand.FEATURE_MAPS_FILE).toFile())).isNotNull();
    assertThat(ImageIO.read(dir.resolve(VisualizeCommand.PREDICTIONS_FILE).toFile())).isNotNull();
  }

  @Test
  void featureMapsShowEveryLayerThatKeepsRowsAndColumnsAndNameTheOthers() {
    // Any network, not only the tutorial's: a convolution without activation, a ReLU layer,
    // dropout (the identity outside training), pooling, then the dense head.
    Sequential model =
        new Sequential(
            new int[] {28, 28, 1},
            5,
            new Conv2D(3, 3, 1, Padding.SAME, org.convnet4j.nn.Activation.LINEAR),
            new ReLU(),
            new Dropout(0.5f),
            new MaxPool2D(2, 2, Padding.VALID),
            new Flatten(),
            new Dense(10));
    float[] pixels = TinyRuns.image(3, new SplittableRandom(1));

    FeatureMapSheet sheet =
        VisualizeCommand.featureMapSheet(model, Tensor.of(pixels, 28, 28, 1), "a three");

    assertThat(sheet.stages())
        .extracting(FeatureMapSheet.Stage::caption)
        .containsExactly("input a three", "conv2d_1 (Conv2D)", "relu_1 (ReLU)", "max_pool2d_1 (MaxPool2D)");
    assertThat(sheet.stages())
        .extracting(stage -> stage.maps().dim(2))
        .containsExactly(1, 3, 3, 3);
    assertThat(sheet.footnote())
        .isEqualTo(
            "not drawn (no maps, or the same as above): dropout_1 (Dropout), flatten_1 (Flatten),"
                + " dense_1 (Dense)");
  }

  @Test
  void visualizeRunsAPictureThroughTheModel() throws IOException {
    Path png = digitPicture("one.png", "png");

    CommandRun result =
        run(
            "visualize",
            "--model",
            checkpoint.toString(),
            "--image",
            png.toString(),
            "--output",
            dir.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("one.png: ");
    assertThat(ImageIO.read(dir.resolve(VisualizeCommand.FEATURE_MAPS_FILE).toFile())).isNotNull();
  }

  @Test
  void visualizeIndexOutsideTheTestSetIsOneLine() {
    CommandRun result = visualizeTestImage("30");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("convnet4j visualize: --index: the test set has images 0 to 29, got 30");
  }

  @Test
  void visualizeImageAndIndexTogetherIsOneLine() {
    CommandRun result =
        run("visualize", "--model", checkpoint.toString(), "--index", "1", "--image", "x.png");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("convnet4j visualize: give --image or --index, not both");
  }

  @Test
  void visualizeShapeWithAnImageIsOneLine() {
    CommandRun result =
        run("visualize", "--shape", "--input", "7x7x1", "--filter", "3x3", "--index", "1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j visualize: --image and --index pick a picture for --model; --shape draws"
                + " sizes, not a picture");
  }

  @Test
  void visualizeNeedsAModelOrAShape() {
    CommandRun result = run("visualize", "--output", dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("convnet4j visualize: give --model FILE");
  }
}
