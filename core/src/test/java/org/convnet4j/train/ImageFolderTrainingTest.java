package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.ImageFolderData;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.nn.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTrainingTest {

  @TempDir Path dir;
  private String previousCache;

  // TrainingRun reads folders through the user cache: point it at a temporary folder.
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

  /** Three classes of 8x6 colour PNGs: mostly red, green or blue, with noise. */
  static Path colourFolder(Path root) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    String[] classes = {"blue", "green", "red"};
    int[] channel = {0, 8, 16};
    for (int k = 0; k < classes.length; k++) {
      Path classDir = Files.createDirectories(root.resolve(classes[k]));
      for (int n = 0; n < 20; n++) {
        BufferedImage image = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 6; x++) {
            int rgb = 0;
            for (int shift : channel) {
              int v = shift == channel[k] ? 150 + random.nextInt(100) : random.nextInt(90);
              rgb |= v << shift;
            }
            image.setRGB(x, y, rgb);
          }
        }
        ImageIO.write(image, "png", classDir.resolve("%02d.png".formatted(n)).toFile());
      }
    }
    return root;
  }

  private static TrainingConfig config(Path data, Path output) {
    return TrainingConfig.defaults()
        .withEpochs(2)
        .withBatchSize(8)
        .withThreads(1)
        .withImageFolder(data, ImageFolderSpec.defaults().withValidationSplit(0.1))
        .withOutputDir(output);
  }

  @Test
  void aRunOnAnImageFolderShapesTheNetworkAndRecordsTheFolderAndItsClasses() throws IOException {
    Path data = colourFolder(dir.resolve("colours"));
    List<String> messages = new ArrayList<>();

    TrainingResult result =
        TrainingRun.start(
            config(data, dir.resolve("run")),
            new TrainingListener() {
              @Override
              public void onMessage(String line) {
                messages.add(line);
              }
            });

    assertThat(result.model().inputShape()).containsExactly(8, 6, 3);
    assertThat(result.model().outputShape()).containsExactly(3);
    assertThat(result.classNames()).containsExactly("blue", "green", "red");
    assertThat(result.config().imageFolder())
        .isEqualTo(new ImageFolderSpec(8, 6, 3, 0.1, false, List.of("blue", "green", "red")));
    assertThat(result.test().examples()).isEqualTo(6);
    assertThat(messages).anyMatch(m -> m.startsWith("no test/ folder: held out 10 %"));

    Checkpoint saved = Checkpoint.load(dir.resolve("run").resolve(Checkpoint.FILE_NAME));
    assertThat(saved.config()).isEqualTo(result.config());
    String json = Files.readString(dir.resolve("run").resolve(MetricsFile.FILE_NAME));
    assertThat(json)
        .contains("\"dataset\": \"image-folder\"")
        .contains("\"data_dir\": \"" + data + "\"")
        .contains("\"image_size\": \"8x6\"")
        .contains("\"channels\": 3")
        .contains("\"validation_split\": 0.1")
        .contains("\"skip_bad_images\": false")
        .contains("\"class_names\": [\n    \"blue\",\n    \"green\",\n    \"red\"\n  ]")
        .contains("\"skipped_images\": 0");
  }

  @Test
  void aResumedImageFolderRunRepeatsTheUninterruptedOne() throws IOException {
    Path data = colourFolder(dir.resolve("colours"));
    TrainingResult whole =
        TrainingRun.start(config(data, dir.resolve("whole")), TrainingListener.NONE);
    TrainingRun.start(config(data, dir.resolve("split")).withEpochs(1), TrainingListener.NONE);

    TrainingResult resumed = TrainingRun.resume(dir.resolve("split"), 2, TrainingListener.NONE);

    assertThat(resumed.history().stepLosses()).isEqualTo(whole.history().stepLosses());
    assertThat(resumed.test().accuracy()).isEqualTo(whole.test().accuracy());
  }

  @Test
  void theJavaApiReadsTheFolderAndTrainsAnyModelOnIt() throws IOException {
    Path data = colourFolder(dir.resolve("colours"));
    ImageFolderSpec spec = ImageFolderSpec.defaults().withImageSize(4, 4).withChannels(1);
    ImageFolderData folder = ImageFolderReader.read(data, spec, 42);

    TrainingResult result =
        TrainingRun.start(
            TrainingConfig.defaults()
                .withEpochs(1)
                .withBatchSize(8)
                .withImageFolder(data, folder.spec()),
            folder.data(),
            Models.tutorial(folder.spec().inputShape(), folder.data().classNames().size(), 1),
            TrainingListener.NONE);

    assertThat(result.model().inputShape()).containsExactly(4, 4, 1);
    assertThat(result.classNames()).containsExactly("blue", "green", "red");
  }

  @Test
  void settingsOfAnImageFolderRunReadBackAndThoseOfEarlierMnistRunsStillDo() {
    TrainingConfig folder =
        TrainingConfig.defaults()
            .withImageFolder(
                Path.of("photos"), new ImageFolderSpec(32, 24, 3, 0.2, true, List.of("a", "b c")));
    assertThat(TrainingConfig.fromSettings(folder.settings())).isEqualTo(folder);
    assertThat(folder.settings())
        .containsEntry("dataset", "image-folder")
        .containsEntry("data_dir", "photos")
        .containsEntry("image_size", "32x24")
        .containsEntry("class_names", "a/b c");

    // the settings a checkpoint of the earlier versions holds
    Map<String, String> earlier = new LinkedHashMap<>();
    earlier.put("dataset", "mnist");
    earlier.put("preset", "default");
    earlier.put("epochs", "10");
    earlier.put("batch_size", "128");
    earlier.put("learning_rate", "0.001");
    earlier.put("optimizer", "adam");
    earlier.put("seed", "42");
    earlier.put("threads", "2");
    earlier.put("output_dir", "runs/1");
    TrainingConfig mnist = TrainingConfig.fromSettings(earlier);
    assertThat(mnist.dataset()).isEqualTo(Dataset.MNIST);
    assertThat(mnist.imageFolder()).isNull();
    assertThat(mnist.classNames()).isEqualTo(Dataset.MNIST.classNames());
    assertThat(mnist.settings()).containsAllEntriesOf(earlier);
  }

  @Test
  void aConfigHasADatasetOrAnImageFolderNotBoth() {
    assertThatThrownBy(
            () ->
                new TrainingConfig(
                    Dataset.MNIST,
                    Preset.DEFAULT,
                    1,
                    1,
                    0.1f,
                    org.convnet4j.optim.OptimizerType.ADAM,
                    1,
                    1,
                    Path.of("x"),
                    null,
                    ImageFolderSpec.defaults(),
                    Preset.DEFAULT.options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a dataset or an image folder (not both)");
  }
}
