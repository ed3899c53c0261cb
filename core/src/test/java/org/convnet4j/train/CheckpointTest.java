package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.BatchNormalization;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  private static final DataSets DATA = BarImages.dataSets(3);

  @TempDir Path dir;

  @Test
  void roundTripKeepsSettingsArchitectureWeightsOptimizerStateAndHistory() throws IOException {
    TrainingResult run =
        TrainingRun.start(config(dir, 2), DATA, BarImages.model(1), TrainingListener.NONE);

    Checkpoint loaded = Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME));

    assertThat(loaded.config()).isEqualTo(config(dir, 2));
    assertThat(loaded.epoch()).isEqualTo(2);
    assertThat(loaded.model().specs()).isEqualTo(run.model().specs());
    assertThat(loaded.model().seed()).isEqualTo(run.model().seed());
    for (int i = 0; i < run.model().variables().size(); i++) {
      assertThat(loaded.model().variables().get(i).value().toFloatArray())
          .isEqualTo(run.model().variables().get(i).value().toFloatArray());
    }
    OptimizerState state = loaded.optimizer().state();
    assertThat(state.iterations()).isEqualTo(60); // 2 epochs of 480 / 16
    assertThat(state.slots()).hasSize(2 * 6); // m and v of 6 variables
    assertThat(loaded.history().stepLosses()).isEqualTo(run.history().stepLosses());
    assertThat(loaded.history().epochs()).isEqualTo(run.history().epochs());
  }

  @Test
  void resumedRunRepeatsTheUninterruptedOneExactly() throws IOException {
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    TrainingResult uninterrupted =
        TrainingRun.start(config(whole, 3), DATA, BarImages.model(1), TrainingListener.NONE);

    TrainingRun.start(config(split, 1), DATA, BarImages.model(1), TrainingListener.NONE);
    TrainingResult resumed = TrainingRun.resume(split, 3, DATA, TrainingListener.NONE);

    assertThat(resumed.history().stepLosses()).isEqualTo(uninterrupted.history().stepLosses());
    assertThat(resumed.history().stepAccuracies())
        .isEqualTo(uninterrupted.history().stepAccuracies());
    assertThat(validationAccuracies(resumed)).isEqualTo(validationAccuracies(uninterrupted));
    assertThat(resumed.test().confusionMatrix()).isEqualTo(uninterrupted.test().confusionMatrix());
    for (int i = 0; i < resumed.model().variables().size(); i++) {
      assertThat(resumed.model().variables().get(i).value().toFloatArray())
          .isEqualTo(uninterrupted.model().variables().get(i).value().toFloatArray());
    }
  }

  @Test
  void anEnginesSettingsAreSavedApartAndResumingOnAnotherEngineIsRefused() throws IOException {
    TrainingEngine engine =
        new TrainingEngine() {
          @Override
          public Steps start(
              TrainingConfig config,
              Sequential model,
              Optimizer optimizer,
              DataSplit train,
              int batchSize,
              long shuffleSeed,
              long stepsDone) {
            return LOCAL.start(config, model, optimizer, train, batchSize, shuffleSeed, stepsDone);
          }

          @Override
          public Map<String, String> settings() {
            return Map.of("name", "test");
          }
        };
    TrainingRun.start(config(dir, 1), DATA, BarImages.model(1), engine, TrainingListener.NONE);

    Checkpoint loaded = Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME));

    assertThat(loaded.engineSettings()).isEqualTo(Map.of("name", "test"));
    assertThat(loaded.config()).isEqualTo(config(dir, 1));
    assertThatThrownBy(() -> TrainingRun.resume(dir, 2, DATA, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "resume: the run in %s was trained with the engine {name=test}; resuming it on this"
                + " machine would not continue it as it started",
            dir);
  }

  @Test
  void aCheckpointWrittenBeforeTheNewLayersStillLoadsAndComputesWhatItDidThen()
      throws IOException {
    // version1.ckpt was written by the code of main at 86bb48e, before use_bias, the Activation
    // and global pooling layers and batch normalization: one epoch on DATA of a model with every
    // layer type of then. That code put its logits for the first two test images at the values
    // below and classified 63 of the 96 test images right.
    Path file = dir.resolve("version1.ckpt");
    try (InputStream in = CheckpointTest.class.getResourceAsStream("version1.ckpt")) {
      Files.copy(in, file);
    }

    Checkpoint loaded = Checkpoint.load(file);

    assertThat(loaded.model().specs().stream().map(Object::toString))
        .contains(
            "Conv2D conv2d_1 filters=3 kernel=3x3 strides=1x1 padding=SAME activation=relu",
            "Dense dense_2 units=3 activation=linear");
    assertThat(loaded.model().variables()).hasSize(8);
    assertThat(Evaluation.of(loaded.model(), DATA.test()).correct()).isEqualTo(63);
    assertThat(loaded.model().forward(DATA.test().batch(0, 2).images(), false).toFloatArray())
        .containsExactly(
            new float[] {
              0.018772878f, -0.17957601f, 0.0058521256f, -0.29736644f, -0.19434655f, 0.11244895f
            },
            within(1e-5f));
  }

  @Test
  void aModelWithBatchNormalizationResumesExactlyWithItsMovingStatistics() throws IOException {
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    TrainingResult uninterrupted =
        TrainingRun.start(config(whole, 3), DATA, batchNormalized(), TrainingListener.NONE);

    TrainingRun.start(config(split, 1), DATA, batchNormalized(), TrainingListener.NONE);
    Checkpoint afterOne = Checkpoint.load(split.resolve(Checkpoint.FILE_NAME));
    TrainingResult resumed = TrainingRun.resume(split, 3, DATA, TrainingListener.NONE);

    // Two layers of moving statistics, moved away from their zeros and ones by the first epoch.
    assertThat(afterOne.model().nonTrainableVariables()).hasSize(4);
    assertThat(afterOne.model().nonTrainableVariables().getFirst().value().toFloatArray())
        .isNotEqualTo(new float[4]);
    assertThat(afterOne.optimizer().state().slots().keySet())
        .noneMatch(slot -> slot.contains("moving"));
    assertThat(resumed.history().stepLosses()).isEqualTo(uninterrupted.history().stepLosses());
    assertThat(validationAccuracies(resumed)).isEqualTo(validationAccuracies(uninterrupted));
    for (int i = 0; i < resumed.model().variables().size(); i++) {
      assertThat(resumed.model().variables().get(i).value().toFloatArray())
          .isEqualTo(uninterrupted.model().variables().get(i).value().toFloatArray());
    }
    for (int i = 0; i < 4; i++) {
      assertThat(resumed.model().nonTrainableVariables().get(i).value().toFloatArray())
          .isEqualTo(uninterrupted.model().nonTrainableVariables().get(i).value().toFloatArray());
    }
  }

  @Test
  void layerNamesGivenInTheModelSurviveTheCheckpoint() throws IOException {
    Sequential named =
        new Sequential(
            new int[] {BarImages.SIZE, BarImages.SIZE, 1},
            1,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false).named("conv"),
            new BatchNormalization().named("bn"),
            new ReLU().named("relu"),
            new Flatten(),
            new Dense(3).named("logits"));
    TrainingResult run = TrainingRun.start(config(dir, 1), DATA, named, TrainingListener.NONE);

    Checkpoint loaded = Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME));
    TrainingResult resumed = TrainingRun.resume(dir, 2, DATA, TrainingListener.NONE);

    assertThat(loaded.model().layers().stream().map(l -> l.name()))
        .containsExactly("conv", "bn", "relu", "flatten_1", "logits");
    assertThat(loaded.model().specs()).isEqualTo(run.model().specs());
    assertThat(loaded.optimizer().state().slots().keySet()).anyMatch(k -> k.startsWith("bn/"));
    assertThat(resumed.model().nonTrainableVariables().getFirst().name())
        .isEqualTo("bn/moving_mean");
  }

  private static Sequential batchNormalized() {
    return new Sequential(
        new int[] {BarImages.SIZE, BarImages.SIZE, 1},
        1,
        new Conv2D(4, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
        new BatchNormalization(),
        new ReLU(),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(16).withUseBias(false),
        new BatchNormalization(),
        new ReLU(),
        new Dense(3));
  }

  @Test
  void nanLossKeepsTheLastGoodCheckpointAndSaysWhere() throws IOException {
    TrainingRun.start(config(dir, 1), DATA, BarImages.model(1), TrainingListener.NONE);
    Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
    byte[] good = Files.readAllBytes(checkpoint);
    byte[] metrics = Files.readAllBytes(dir.resolve(MetricsFile.FILE_NAME));

    assertThatThrownBy(() -> TrainingRun.resume(dir, 2, withNanImages(DATA), TrainingListener.NONE))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the loss is NaN at epoch 2, batch 1 (step 31)")
        .hasMessageContaining("the last good checkpoint is " + checkpoint);
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(good);
    assertThat(Files.readAllBytes(dir.resolve(MetricsFile.FILE_NAME))).isEqualTo(metrics);
  }

  @Test
  void startRefusesAFolderThatHoldsACheckpoint() throws IOException {
    TrainingRun.start(config(dir, 1), DATA, BarImages.model(1), TrainingListener.NONE);

    assertThatThrownBy(
            () ->
                TrainingRun.start(config(dir, 1), DATA, BarImages.model(1), TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds a checkpoint");
  }

  @Test
  void aFlippedByteIsDetected() throws IOException {
    Path file = savedCheckpoint();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);

    assertThatThrownBy(() -> Checkpoint.load(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("damaged: the checksum does not match");
  }

  @Test
  void aTruncatedFileIsDetected() throws IOException {
    Path file = savedCheckpoint();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

    assertThatThrownBy(() -> Checkpoint.load(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("damaged: the header announces");
  }

  @Test
  void aFileThatIsNoCheckpointIsNamed() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "not a model");

    assertThatThrownBy(() -> Checkpoint.load(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a convnet4j checkpoint");
  }

  @Test
  void anotherFormatVersionIsNamed() throws IOException {
    Path file = savedCheckpoint();
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(Checkpoint.MAGIC.length, 3);
    Files.write(file, bytes);

    assertThatThrownBy(() -> Checkpoint.load(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("format version 3; this convnet4j reads versions 1 to 2");
  }

  @Test
  void weightsForAnotherArchitectureAreRefused() throws IOException {
    Checkpoint checkpoint = Checkpoint.load(savedCheckpoint());
    Sequential other =
        new Sequential(
            new int[] {BarImages.SIZE, BarImages.SIZE, 1},
            1,
            new Conv2D(8, 3, 1, Padding.SAME, Activation.RELU),
            new Flatten(),
            new Dense(3));

    assertThatThrownBy(() -> checkpoint.restoreWeightsInto(other))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(checkpoint.file().toString())
        .hasMessageContaining("holds another architecture");
  }

  @Test
  void weightsGoIntoAModelOfTheSameArchitecture() throws IOException {
    Checkpoint checkpoint = Checkpoint.load(savedCheckpoint());
    Sequential fresh = BarImages.model(99);

    checkpoint.restoreWeightsInto(fresh);

    for (int i = 0; i < fresh.variables().size(); i++) {
      Variable v = fresh.variables().get(i);
      assertThat(v.value().toFloatArray())
          .isEqualTo(checkpoint.model().variables().get(i).value().toFloatArray());
    }
  }

  private Path savedCheckpoint() throws IOException {
    TrainingRun.start(config(dir, 1), DATA, BarImages.model(1), TrainingListener.NONE);
    return dir.resolve(Checkpoint.FILE_NAME);
  }

  static TrainingConfig config(Path outputDir, int epochs) {
    return TrainingConfig.defaults()
        .withEpochs(epochs)
        .withBatchSize(16)
        .withLearningRate(0.01f)
        .withThreads(1)
        .withOutputDir(outputDir);
  }

  private static java.util.List<Double> validationAccuracies(TrainingResult r) {
    return r.history().epochs().stream().map(EpochMetrics::validationAccuracy).toList();
  }

  private static DataSets withNanImages(DataSets data) {
    float[] pixels = data.train().images().toFloatArray();
    Arrays.fill(pixels, Float.NaN);
    DataSplit train =
        DataSplit.of(
            Tensor.of(pixels, data.train().images().shape()), TrainerTest.labels(data.train()), 3);
    return new DataSets(train, data.validation(), data.test(), data.classNames());
  }
}
