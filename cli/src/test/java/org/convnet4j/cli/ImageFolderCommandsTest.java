package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.MetricsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --data, eval, predict, visualize and --resume on an image folder, through the real library
 * (the tutorial network on 8x6 colour images is small enough for a unit test).
 */
class ImageFolderCommandsTest {

  @TempDir Path dir;
  private String previousCache;

  @BeforeEach
  void useTemporaryCache() {
    previousCache = System.getProperty("convnet4j.cache");
    System.setProperty("convnet4j.cache", dir.resolve("cache").toString());
  }

  @AfterEach
  void restoreCache() {
    if (previousCache == null) {
      System.clearProperty("convnet4j.cache");
    } else {
      System.setProperty("convnet4j.cache", previousCache);
    }
  }

  /** 8x6 colour pictures, 16 a class, mostly blue, green or red. */
  private Path colourFolder() throws IOException {
    Path root = dir.resolve("colours");
    SplittableRandom random = new SplittableRandom(3);
    String[] classes = {"blue", "green", "red"};
    for (int k = 0; k < classes.length; k++) {
      Path classDir = Files.createDirectories(root.resolve(classes[k]));
      for (int n = 0; n < 16; n++) {
        ImageIO.write(
            picture(8 * k, random),
            n % 2 == 0 ? "png" : "bmp",
            classDir.resolve("%02d.%s".formatted(n, n % 2 == 0 ? "png" : "bmp")).toFile());
      }
    }
    return root;
  }

  private static BufferedImage picture(int brightShift, SplittableRandom random) {
    BufferedImage image = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 6; x++) {
        int rgb = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
          rgb |= (shift == brightShift ? 170 + random.nextInt(80) : random.nextInt(60)) << shift;
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static CommandRun run(String... args) {
    return CommandRun.main(args);
  }

  private CommandRun train(Path data, Path run, String... more) {
    String[] args = {
      "train",
      "--data",
      data.toString(),
      "--batch-size",
      "8",
      "--threads",
      "1",
      "--output",
      run.toString()
    };
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return run(all);
  }

  @Test
  void trainsOnAFolderThenEvalPredictAndVisualizeUseItsClassesAndImageSize() throws IOException {
    Path data = colourFolder();
    Path runDir = dir.resolve("run");

    CommandRun trained = train(data, runDir, "--epochs", "2", "--learning-rate", "0.003");

    assertThat(trained.err()).isEmpty();
    assertThat(trained.exitCode()).isZero();
    assertThat(trained.out())
        .contains("training the default network on image folder " + data)
        .contains("decoding 48 images of " + data + " to 8x6x3 on")
        .contains("no validation/ folder: held out 10 % of each class of " + data)
        .contains("no test/ folder: held out 10 % of each class of " + data)
        .containsPattern("test accuracy [0-9.]+ % \\([0-9]+ of 6 test images\\)");
    String metrics = Files.readString(runDir.resolve(MetricsFile.FILE_NAME));
    assertThat(metrics).contains("\"class_names\": [").contains("\"red\"");

    CommandRun eval = run("eval", "--model", runDir.toString());
    assertThat(eval.err()).isEmpty();
    assertThat(eval.out())
        .containsPattern("test accuracy [0-9.]+ % \\([0-9]+ of 6 test images\\)")
        .containsPattern("true \\\\ predicted +blue +green +red");

    // a picture of another size and kind: resized to 8x6 and given three channels
    Path big = dir.resolve("big-red.gif");
    BufferedImage red = new BufferedImage(30, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 30; x++) {
        red.setRGB(x, y, 0xe01010);
      }
    }
    ImageIO.write(red, "gif", big.toFile());
    CommandRun predict = run("predict", "--model", runDir.toString(), big.toString());
    assertThat(predict.err()).isEmpty();
    assertThat(predict.out())
        .matches(
            big
                + ": (red|green|blue) [0-9.]+ %, (red|green|blue) [0-9.]+ %, (red|green|blue)"
                + " [0-9.]+ %\\R");

    CommandRun visualize =
        run(
            "visualize",
            "--model",
            runDir.toString(),
            "--index",
            "1",
            "--output",
            dir.resolve("pictures").toString());
    assertThat(visualize.err()).isEmpty();
    assertThat(visualize.out()).containsPattern("test image 1, labelled (red|green|blue)");
    assertThat(dir.resolve("pictures").resolve(VisualizeCommand.FEATURE_MAPS_FILE)).isRegularFile();
  }

  @Test
  void aSecondRunReadsTheDecodedImagesFromTheCacheAndResumeFindsTheFolder() throws IOException {
    Path data = colourFolder();
    train(data, dir.resolve("first"), "--epochs", "1");

    CommandRun second = train(data, dir.resolve("second"), "--epochs", "1");
    assertThat(second.out())
        .contains("read 48 decoded 8x6x3 images of " + data + " from the cache");
    assertThat(second.out()).doesNotContain("decoding");

    CommandRun resumed =
        run("train", "--resume", dir.resolve("second").toString(), "--epochs", "2");
    assertThat(resumed.err()).isEmpty();
    assertThat(resumed.out()).contains("epoch 2/2");
  }

  @Test
  void imageSizeAndChannelsResizeEveryImage() throws IOException {
    Path data = colourFolder();

    CommandRun result =
        train(data, dir.resolve("run"), "--image-size", "4x4", "--channels", "1", "--epochs", "1");

    assertThat(result.err()).isEmpty();
    assertThat(
            Checkpoint.load(dir.resolve("run").resolve(Checkpoint.FILE_NAME)).model().inputShape())
        .containsExactly(4, 4, 1);
  }

  @Test
  void aModelFilesInputShapeIsTheImageSizeAndChannels() throws IOException {
    Path data = colourFolder();
    Path modelFile = dir.resolve("grey4x4.json");
    Files.writeString(
        modelFile,
        """
        {"class_name": "Sequential", "config": {"layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4, 4, 1]}},
          {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3, "padding": "same",
            "activation": "relu"}},
          {"class_name": "GlobalAveragePooling2D", "config": {}},
          {"class_name": "Dense", "config": {"units": 3, "activation": "softmax"}}]}}""");

    CommandRun result =
        train(data, dir.resolve("run"), "--model-file", modelFile.toString(), "--epochs", "1");

    assertThat(result.err()).isEmpty();
    assertThat(result.out()).contains("to 4x4x1");
    assertThat(
            Checkpoint.load(dir.resolve("run").resolve(Checkpoint.FILE_NAME)).model().inputShape())
        .containsExactly(4, 4, 1);
  }

  @Test
  void aDamagedImageIsOneLineNamingItOrSkippedAndCounted() throws IOException {
    Path data = colourFolder();
    Path bad = data.resolve("green").resolve("04.png");
    byte[] png = Files.readAllBytes(bad);
    Files.write(bad, Arrays.copyOf(png, png.length - 20));

    CommandRun stopped = train(data, dir.resolve("stopped"), "--epochs", "1");
    assertThat(stopped.exitCode()).isEqualTo(2);
    assertThat(stopped.err().lines())
        .containsExactly(
            "convnet4j train: " + bad + ": is truncated: the PNG ends before its IEND chunk");
    assertThat(dir.resolve("stopped")).doesNotExist();

    CommandRun skipped = train(data, dir.resolve("skipped"), "--epochs", "1", "--skip-bad-images");
    assertThat(skipped.err()).isEmpty();
    assertThat(skipped.out()).contains("skipped 1 damaged image of " + data + ", the first " + bad);
    assertThat(Files.readString(dir.resolve("skipped").resolve(MetricsFile.FILE_NAME)))
        .contains("\"skipped_images\": 1")
        .contains("\"skip_bad_images\": true");
  }

  @Test
  void folderMistakesAndMisplacedOptionsAreOneLineErrors() throws IOException {
    Path single = dir.resolve("single");
    Files.createDirectories(single.resolve("only"));
    ImageIO.write(
        picture(0, new SplittableRandom(1)), "png", single.resolve("only/a.png").toFile());

    assertThat(train(single, dir.resolve("r1")).err())
        .isEqualTo(
            "convnet4j train: %s holds one class folder (only): a classifier needs at least two"
                    .formatted(single)
                + " classes\n");

    CommandRun both = run("train", "--data", single.toString(), "--dataset", "mnist");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give one or the other");

    CommandRun channelsAlone = run("train", "--channels", "3");
    assertThat(channelsAlone.exitCode()).isEqualTo(2);
    assertThat(channelsAlone.err())
        .isEqualTo(
            "convnet4j train: --image-size, --channels, --validation-split and --skip-bad-images"
                + " go with --data DIR\n");

    CommandRun badSize = run("train", "--data", single.toString(), "--image-size", "32");
    assertThat(badSize.err())
        .isEqualTo("convnet4j train: image size: expected HEIGHTxWIDTH such as 32x32, got '32'\n");

    CommandRun badSplit = run("train", "--data", single.toString(), "--validation-split", "0.9");
    assertThat(badSplit.err())
        .isEqualTo(
            "convnet4j train: validation split: must be more than 0 and at most 0.5, got 0.9\n");
  }
}
