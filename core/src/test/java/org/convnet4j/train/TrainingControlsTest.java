package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.data.Augmentation;
import org.convnet4j.data.DataSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingControlsTest {

  private static final DataSets DATA = BarImages.dataSets(3);

  @TempDir Path dir;

  private static TrainingConfig config(Path outputDir, int epochs) {
    return CheckpointTest.config(outputDir, epochs);
  }

  private static StopReason[] earlyStopping(int patience, double minDelta, double... accuracies) {
    Stopping s =
        new Stopping(
            TrainingOptions.of("constant").withEarlyStopping(patience, minDelta, false),
            TrainingListener.NONE);
    s.start(new TrainingHistory());
    StopReason[] reasons = new StopReason[accuracies.length];
    for (int i = 0; i < accuracies.length; i++) {
      reasons[i] = s.afterEpoch(accuracies[i]);
    }
    return reasons;
  }

  // Keras' EarlyStopping, patience 2, by hand: 0.5 best (wait 0), 0.6 better (wait 0), 0.6
  // (wait 1), 0.6 (wait 2: stop after the fourth epoch).
  @Test
  void earlyStoppingStopsWhenTheWaitReachesThePatience() {
    assertThat(earlyStopping(2, 0, 0.5, 0.6, 0.6, 0.6))
        .containsExactly(null, null, null, StopReason.EARLY_STOPPING);
  }

  // Min delta 0.05: 0.54 is not better than 0.5 (wait 1), 0.56 is (wait 0); patience 0 stops at
  // the first epoch without improvement, never after the first epoch.
  @Test
  void minDeltaDecidesWhatCountsAsBetterAndPatienceZeroStopsAtOnce() {
    assertThat(earlyStopping(1, 0.05, 0.5, 0.56, 0.58))
        .containsExactly(null, null, StopReason.EARLY_STOPPING);
    assertThat(earlyStopping(0, 0, 0.5, 0.5)).containsExactly(null, StopReason.EARLY_STOPPING);
    assertThat(earlyStopping(0, 0, 0.5)).containsExactly((StopReason) null);
  }

  @Test
  void targetAccuracyStopsAfterTheFirstEpochThatReachesIt() throws IOException {
    TrainingConfig config =
        config(dir, 20).withOptions(TrainingOptions.of("constant").withTargetAccuracy(0.9));

    TrainingResult r = TrainingRun.start(config, DATA, BarImages.model(1), TrainingListener.NONE);

    List<EpochMetrics> epochs = r.history().epochs();
    assertThat(epochs.size()).isLessThan(20);
    assertThat(epochs.getLast().validationAccuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(epochs.subList(0, epochs.size() - 1))
        .allSatisfy(e -> assertThat(e.validationAccuracy()).isLessThan(0.9));
    assertThat(r.history().stopReason()).isEqualTo(StopReason.TARGET_ACCURACY);
    assertThat(Files.readString(dir.resolve(MetricsFile.FILE_NAME)))
        .contains("\"stop_reason\": \"target_accuracy\"");
  }

  @Test
  void timeLimitStopsAfterAStepWithACheckpoint() throws IOException {
    TrainingConfig config =
        config(dir, 3).withOptions(TrainingOptions.of("constant").withTimeLimit(1e-9));

    TrainingResult r = TrainingRun.start(config, DATA, BarImages.model(1), TrainingListener.NONE);

    assertThat(r.history().stepCount()).isEqualTo(1);
    assertThat(r.history().stopReason()).isEqualTo(StopReason.TIME_LIMIT);
    assertThat(Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME)).history().stepCount())
        .isEqualTo(1);
  }

  /** A listener that asks to stop once {@code steps} steps have run, as SIGTERM does. */
  private static TrainingListener stopAfter(long steps) {
    return new TrainingListener() {
      private long done;

      @Override
      public void onStep(StepMetrics step) {
        done = step.step();
      }

      @Override
      public boolean shouldStop() {
        return done >= steps;
      }
    };
  }

  // 30 steps per epoch: stopped inside the second epoch (step 37) and resumed, the run repeats the
  // uninterrupted one bit for bit, with schedules that depend on the step, on the run's length
  // and on the validation accuracies.
  @ParameterizedTest
  @ValueSource(strings = {"one-cycle", "cosine:warmup=1", "plateau:patience=0,factor=0.5"})
  void runStoppedInsideAnEpochResumesExactly(String schedule) throws IOException {
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    TrainingResult uninterrupted =
        TrainingRun.start(
            config(whole, 3).withSchedule(schedule),
            DATA,
            BarImages.model(1),
            TrainingListener.NONE);

    TrainingResult stopped =
        TrainingRun.start(
            config(split, 3).withSchedule(schedule), DATA, BarImages.model(1), stopAfter(37));
    assertThat(stopped.history().stopReason()).isEqualTo(StopReason.INTERRUPTED);
    assertThat(stopped.history().stepCount()).isEqualTo(37);
    TrainingResult resumed = TrainingRun.resume(split, 0, DATA, TrainingListener.NONE);

    assertThat(resumed.history().stepLosses()).isEqualTo(uninterrupted.history().stepLosses());
    assertThat(resumed.history().epochs().stream().map(EpochMetrics::validationAccuracy))
        .isEqualTo(
            uninterrupted.history().epochs().stream().map(EpochMetrics::validationAccuracy).toList());
    assertThat(resumed.history().epochs().stream().map(EpochMetrics::trainLoss))
        .isEqualTo(uninterrupted.history().epochs().stream().map(EpochMetrics::trainLoss).toList());
    for (int i = 0; i < resumed.model().variables().size(); i++) {
      assertThat(resumed.model().variables().get(i).value().toFloatArray())
          .isEqualTo(uninterrupted.model().variables().get(i).value().toFloatArray());
    }
    assertThat(TrainingRun.stepLearningRates(resumed.config(), resumed.history()))
        .isEqualTo(TrainingRun.stepLearningRates(uninterrupted.config(), uninterrupted.history()));
  }

  @Test
  void bestCheckpointHoldsTheEpochOfHighestValidationAccuracy() throws IOException {
    TrainingResult r =
        TrainingRun.start(config(dir, 4), DATA, BarImages.model(1), TrainingListener.NONE);

    Checkpoint best = Checkpoint.load(dir.resolve(Checkpoint.BEST_FILE_NAME));
    assertThat(best.epoch()).isEqualTo(r.history().bestEpoch());
    double top =
        r.history().epochs().stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow();
    assertThat(r.history().epochs().get(best.epoch() - 1).validationAccuracy()).isEqualTo(top);
  }

  // A learning rate far too high for the later epochs: once validation accuracy falls, early
  // stopping with patience 1 stops and brings back the best epoch's weights.
  @Test
  void earlyStoppingRestoresTheBestWeights() throws IOException {
    TrainingConfig config =
        config(dir, 30)
            .withLearningRate(0.05f)
            .withOptions(TrainingOptions.of("constant").withEarlyStopping(1, 0, true));

    TrainingResult r = TrainingRun.start(config, DATA, BarImages.model(1), TrainingListener.NONE);

    assertThat(r.history().stopReason()).isEqualTo(StopReason.EARLY_STOPPING);
    Checkpoint best = Checkpoint.load(dir.resolve(Checkpoint.BEST_FILE_NAME));
    Checkpoint last = Checkpoint.load(dir.resolve(Checkpoint.FILE_NAME));
    for (int i = 0; i < r.model().variables().size(); i++) {
      float[] bestWeights = best.model().variables().get(i).value().toFloatArray();
      assertThat(r.model().variables().get(i).value().toFloatArray()).isEqualTo(bestWeights);
      assertThat(last.model().variables().get(i).value().toFloatArray()).isEqualTo(bestWeights);
    }
    assertThat(Evaluation.of(r.model(), DATA.validation()).accuracy())
        .isEqualTo(r.history().epochs().get(best.epoch() - 1).validationAccuracy());
  }

  // Keras' CSVLogger columns; exponential decay by a half each epoch from 0.01.
  @Test
  void epochLogHasKerasColumnsAndARowPerEpoch() throws IOException {
    TrainingRun.start(
        config(dir, 3).withSchedule("exponential:rate=0.5"),
        DATA,
        BarImages.model(1),
        TrainingListener.NONE);

    List<String> lines = Files.readAllLines(dir.resolve(EpochLog.FILE_NAME));
    assertThat(lines).hasSize(4);
    assertThat(lines.getFirst()).isEqualTo("epoch,accuracy,learning_rate,loss,val_accuracy");
    assertThat(lines.get(1)).startsWith("0,").contains(",0.01,");
    assertThat(lines.get(3)).startsWith("2,").contains(",0.0025,");
  }

  // Augmentation, label smoothing, AdamW-style decay and a moving average: stopped inside an epoch
  // and resumed,
  // the run repeats the uninterrupted one; at the end the model holds the averages (Keras' fit).
  @Test
  void regularisedRunWithAverageResumesExactlyAndEndsOnTheAverage() throws IOException {
    TrainingOptions options =
        TrainingOptions.of("one-cycle")
            .withLabelSmoothing(0.1)
            .withWeightDecay(1e-2, false)
            .withEma(0.9)
            .withAugment(Augmentation.parse("shift=1,rotate=10,scale=0.1,alpha=2,sigma=2"));
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    TrainingResult uninterrupted =
        TrainingRun.start(
            config(whole, 3).withOptions(options), DATA, BarImages.model(1), TrainingListener.NONE);
    TrainingRun.start(config(split, 3).withOptions(options), DATA, BarImages.model(1), stopAfter(41));
    TrainingResult resumed = TrainingRun.resume(split, 0, DATA, TrainingListener.NONE);

    assertThat(resumed.history().stepLosses()).isEqualTo(uninterrupted.history().stepLosses());
    Checkpoint saved = Checkpoint.load(whole.resolve(Checkpoint.FILE_NAME));
    for (int i = 0; i < resumed.model().variables().size(); i++) {
      float[] weights = resumed.model().variables().get(i).value().toFloatArray();
      assertThat(weights)
          .isEqualTo(uninterrupted.model().variables().get(i).value().toFloatArray());
      String name = resumed.model().variables().get(i).name();
      assertThat(weights).isEqualTo(saved.optimizer().state().slots().get(name + "/ema"));
      assertThat(saved.model().variables().get(i).value().toFloatArray()).isEqualTo(weights);
    }
    assertThat(uninterrupted.test().accuracy()).isGreaterThan(0.8);
  }

  // 30 steps per epoch, a limit of 40: the one-cycle schedule spans 40 steps and ends at its
  // minimum, 0.01 / 25 / 1e4, at step 39; the run stops there, inside the second epoch.
  @Test
  void stepLimitStopsInsideAnEpochAndTheScheduleSpansIt() throws IOException {
    TrainingConfig config =
        config(dir, 3).withOptions(TrainingOptions.of("one-cycle").withMaxSteps(40));

    TrainingResult r = TrainingRun.start(config, DATA, BarImages.model(1), TrainingListener.NONE);

    assertThat(r.history().stepCount()).isEqualTo(40);
    assertThat(r.history().completedEpochs()).isEqualTo(1);
    assertThat(r.history().stopReason()).isEqualTo(StopReason.STEP_LIMIT);
    assertThat(r.history().trainingSeconds()).isGreaterThan(r.history().epochs().get(0).seconds());
    float[] rates = TrainingRun.stepLearningRates(config, r.history());
    assertThat(rates[39]).isCloseTo(0.01f / 25 / 1e4f, org.assertj.core.api.Assertions.within(1e-12f));
  }
}
