package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.convnet4j.Threads;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.optim.OptimizerType;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void defaultPresetIsAdamAtOneInAThousandWithBatches128() {
    TrainingConfig c = TrainingConfig.defaults();

    assertThat(c.dataset()).isEqualTo(Dataset.MNIST);
    assertThat(c.preset()).isEqualTo(Preset.DEFAULT);
    assertThat(c.optimizer()).isEqualTo(OptimizerType.ADAM);
    assertThat(c.learningRate()).isEqualTo(1e-3f);
    assertThat(c.batchSize()).isEqualTo(128);
    assertThat(c.epochs()).isEqualTo(10);
    assertThat(c.outputDir()).isNull();
  }

  @Test
  void tutorialPresetIsTheTutorialsSettings() {
    // The tutorial: learning_rate = 0.00001, epochs = 10, batch_size = 128,
    // GradientDescentOptimizer, test_valid_size = 256.
    TrainingConfig c = TrainingConfig.of(Preset.TUTORIAL);

    assertThat(c.optimizer()).isEqualTo(OptimizerType.SGD);
    assertThat(c.learningRate()).isEqualTo(1e-5f);
    assertThat(c.epochs()).isEqualTo(10);
    assertThat(c.batchSize()).isEqualTo(128);
    assertThat(Preset.TUTORIAL_VALIDATION_SIZE).isEqualTo(256);
  }

  @Test
  void tutorialPresetValidatesOnTheFirstTestImages() {
    DataSets data = BarImages.dataSets(1);

    assertThat(Preset.TUTORIAL.validationSplit(data).size()).isEqualTo(96); // all 96 < 256
    assertThat(Preset.TUTORIAL.validationSplit(data).labelOf(5)).isEqualTo(data.test().labelOf(5));
    assertThat(Preset.DEFAULT.validationSplit(data)).isSameAs(data.validation());
  }

  @Test
  void tutorialPresetInitialisesFromAStandardNormal() {
    float[] kernel = Preset.TUTORIAL.model(1).variables().getFirst().value().toFloatArray();

    // 800 samples of N(0, 1): values beyond 2 stddevs exist, unlike He's truncated normal,
    // whose stddev would be sqrt(2 / 25) = 0.28.
    double max = 0;
    for (float x : kernel) {
      max = Math.max(max, Math.abs(x));
    }
    assertThat(max).isGreaterThan(2.0);
  }

  @Test
  void aRunUsesItsThreadCountAndRestoresTheOneBefore() throws IOException {
    int before = Threads.get();
    int[] during = new int[1];
    TrainingListener probe =
        new TrainingListener() {
          @Override
          public void onStart(TrainingPlan plan) {
            during[0] = Threads.get();
          }
        };

    TrainingRun.start(
        TrainingConfig.defaults().withEpochs(1).withThreads(before + 1),
        BarImages.dataSets(1),
        BarImages.model(1),
        probe);

    assertThat(during[0]).isEqualTo(before + 1);
    assertThat(Threads.get()).isEqualTo(before);
  }

  @Test
  void withersChangeOneOption() {
    TrainingConfig c = TrainingConfig.defaults().withEpochs(3).withSeed(7);

    assertThat(c.epochs()).isEqualTo(3);
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.withEpochs(10)).isEqualTo(TrainingConfig.defaults().withSeed(7));
  }

  @Test
  void eachCopyMethodChangesItsOwnSettingsAndNoOther() {
    TrainingConfig base = TrainingConfig.defaults().withDataDir(Path.of("idx"));
    Map<String, TrainingConfig> copies =
        Map.of(
            "dataset", base.withDataset(Dataset.FASHION_MNIST),
            "epochs", base.withEpochs(3),
            "batch_size", base.withBatchSize(7),
            "learning_rate", base.withLearningRate(0.5f),
            "optimizer", base.withOptimizer(OptimizerType.SGD),
            "seed", base.withSeed(-1),
            "threads", base.withThreads(base.threads() + 1),
            "data_dir", base.withDataDir(Path.of("other")),
            "output_dir", base.withOutputDir(Path.of("out")),
            "schedule", base.withSchedule("constant"));
    copies.forEach(
        (key, copy) -> {
          Map<String, String> changed = new HashMap<>(copy.settings());
          changed.entrySet().removeAll(base.settings().entrySet());
          assertThat(changed).as(key).containsOnlyKeys(key);
        });
    TrainingConfig folder =
        base.withImageFolder(Path.of("pictures"), ImageFolderSpec.defaults());
    assertThat(folder.dataset()).isNull();
    assertThat(folder.dataDir()).isEqualTo(Path.of("pictures"));
    assertThat(folder.withDataset(Dataset.MNIST)).isEqualTo(base.withDataDir(Path.of("pictures")));
  }

  @Test
  void settingsReadBackToTheSameConfig() {
    TrainingConfig c =
        TrainingConfig.of(Preset.TUTORIAL)
            .withDataset(Dataset.FASHION_MNIST)
            .withLearningRate(3e-4f)
            .withSeed(-5)
            .withDataDir(Path.of("idx files"))
            .withOutputDir(Path.of("runs", "a"));

    assertThat(TrainingConfig.fromSettings(c.settings())).isEqualTo(c);
    assertThat(c.settings())
        .containsEntry("dataset", "fashion-mnist")
        .containsEntry("learning_rate", "3.0E-4")
        .containsEntry("data_dir", "idx files");
  }

  @Test
  void settingsWithoutFoldersLeaveThemOut() {
    assertThat(TrainingConfig.defaults().settings()).doesNotContainKeys("data_dir", "output_dir");
  }

  @Test
  void aMissingSettingIsNamed() {
    Map<String, String> settings = new HashMap<>(TrainingConfig.defaults().settings());
    settings.remove("batch_size");

    assertThatThrownBy(() -> TrainingConfig.fromSettings(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training config: setting 'batch_size' is missing");
  }

  @Test
  void zeroEpochsIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withEpochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs: must be at least 1, got 0");
  }

  @Test
  void zeroBatchSizeIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size: must be at least 1, got 0");
  }

  @Test
  void negativeLearningRateIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withLearningRate(-0.1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learning rate: must be positive and finite, got -0.1");
  }

  @Test
  void nanLearningRateIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withLearningRate(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learning rate: must be positive and finite, got NaN");
  }

  @Test
  void zeroThreadsIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: must be at least 1, got 0");
  }

  @Test
  void missingOptimizerIsAnError() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withOptimizer(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("optimizer");
  }

  @Test
  void unknownPresetIsAnError() {
    assertThatThrownBy(() -> Preset.parse("turbo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("preset: expected default, tutorial, fast")
        .hasMessageEndingWith(", got 'turbo'");
  }
}
