package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convnet4j.cli.report.RunReport;
import org.convnet4j.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @TempDir Path dir;

  private CommandRun train(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  /** Three epochs of nine steps of the tiny model, into {@code run}. */
  private CommandRun trainThreeEpochsInto(Path run) {
    return train(
        "train",
        "--epochs",
        "3",
        "--batch-size",
        "10",
        "--learning-rate",
        "0.01",
        "--output",
        run.toString());
  }

  @Test
  void trainsAndWritesCheckpointReportAndCharts() throws Exception {
    Path run = dir.resolve("run");

    CommandRun result = trainThreeEpochsInto(run);

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(run.resolve(Checkpoint.FILE_NAME)).isRegularFile();
    assertThat(ImageIO.read(run.resolve(RunReport.LOSS_CHART_FILE).toFile())).isNotNull();
    assertThat(ImageIO.read(run.resolve(RunReport.ACCURACY_CHART_FILE).toFile())).isNotNull();
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(run.resolve(RunReport.REPORT_FILE).toFile());
  }

  @Test
  void printsOneLinePerEpochThenTheTestAccuracyAndWhereItWrote() {
    Path run = dir.resolve("run");

    CommandRun result = trainThreeEpochsInto(run);

    assertThat(result.out().lines().filter(l -> l.startsWith("epoch "))).hasSize(3);
    assertThat(result.out())
        .containsPattern(
            "epoch 3/3: training loss [0-9.]+, validation"
                + " accuracy [0-9.]+ %, [0-9,]+ images/s, [0-9.]+ s");
    assertThat(result.out())
        .containsPattern("test accuracy [0-9.]+ % \\([0-9]+ of 30 test images\\)");
    assertThat(result.out()).contains("report.html in " + run);
  }

  @Test
  void plainProgressLinesCarryLossAccuracySpeedAndEta() {
    CommandRun result = trainThreeEpochsInto(dir.resolve("r"));

    // 27 steps, a line at every twentieth of them that a step reaches: 20 lines.
    assertThat(result.out().lines().filter(l -> l.startsWith("step ")))
        .hasSize(ProgressDisplay.PLAIN_LINES)
        .allMatch(
            l ->
                l.matches(
                    "step \\d+/27 \\(epoch \\d/3\\): loss [0-9.]+, accuracy [0-9.]+ %,"
                        + " [0-9,]+ images/s, ETA \\d+m\\d\\ds"));
  }

  @Test
  void outputFolderHoldingFilesIsRefusedAndKept() throws IOException {
    Path used = Files.createDirectories(dir.resolve("used"));
    Files.writeString(used.resolve("model.ckpt"), "an earlier run");

    CommandRun result = train("train", "--epochs", "1", "--output", used.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("convnet4j train: --output: " + used + " is not empty");
    assertThat(used.resolve("model.ckpt")).hasContent("an earlier run");
  }

  @Test
  void unknownDatasetIsOneLine() {
    CommandRun result =
        train("train", "--dataset", "cifar-10", "--output", dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("convnet4j train: ").contains("cifar-10");
    assertThat(dir.resolve("r")).doesNotExist();
  }

  @Test
  void unknownOptimizerIsOneLine() {
    CommandRun result =
        train("train", "--optimizer", "rmsprop", "--output", dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("convnet4j train: ").contains("rmsprop");
  }

  @Test
  void epochsThatAreNotANumberAreOneLine() {
    CommandRun result = train("train", "--epochs", "ten");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: Invalid value for option '--epochs': 'ten' is not an int"
                + " (see convnet4j train --help)");
  }

  @Test
  void zeroEpochsIsOneLine() {
    CommandRun result = train("train", "--epochs", "0", "--output", dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("convnet4j train: epochs: must be at least 1, got 0");
  }

  @Test
  void negativeLearningRateIsOneLine() {
    CommandRun result =
        train("train", "--learning-rate", "-0.1", "--output", dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("convnet4j train: learning rate: must be positive and finite, got -0.1");
  }

  @Test
  void resumeContinuesTheRunAndReportsItFromTheFirstEpoch() throws IOException {
    Path run = dir.resolve("run");
    train("train", "--epochs", "2", "--batch-size", "10", "--output", run.toString());

    CommandRun result = train("train", "--resume", run.toString(), "--epochs", "3");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("resuming the run in " + run);
    assertThat(result.out())
        .containsPattern(
            "training epochs 3 to 3: 9 steps of 10 images \\([0-9,]+ training images\\), first"
                + " step [0-9]+\\.[0-9] s after the command started\n");
    assertThat(result.out().lines().filter(l -> l.startsWith("epoch ")))
        .containsExactly(
            result.out().lines().filter(l -> l.startsWith("epoch 3/3")).findFirst().orElseThrow());
    String report = Files.readString(run.resolve(RunReport.REPORT_FILE));
    assertThat(report).contains("(27 steps,").contains("after 3 epochs");
  }

  @Test
  void resumeOfAFolderWithoutCheckpointIsOneLine() {
    CommandRun result = train("train", "--resume", dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: " + dir.resolve(Checkpoint.FILE_NAME) + ": no such file or folder");
  }

  @Test
  void divergingLossIsOneLineNamingTheStep() {
    CommandRun result =
        train(
            "train",
            "--optimizer",
            "sgd",
            "--learning-rate",
            "1e30",
            "--epochs",
            "2",
            "--batch-size",
            "10",
            "--output",
            dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("convnet4j train: ").containsPattern("step \\d+");
  }

  @Test
  void aRunThatFailsHasItsModelJsonFromTheStart() throws IOException {
    Path run = dir.resolve("diverged");

    CommandRun result =
        train(
            "train", "--optimizer", "sgd", "--learning-rate", "1e30", "--epochs", "2",
            "--batch-size", "10", "--output", run.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(run.resolve(Checkpoint.FILE_NAME)).doesNotExist();
    assertThat(ModelJson.read(run).build(1).specs()).isEqualTo(TinyRuns.model(1).specs());
  }

  @Test
  void resumeWithOtherSettingsIsRefused() {
    CommandRun result = train("train", "--resume", dir.toString(), "--learning-rate", "0.5");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: --resume continues a run with the settings it was started with;"
                + " only --epochs may be given with it");
  }

  @Test
  void unknownOptionIsOneLine() {
    CommandRun result = train("train", "--epohcs");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: Unknown option: '--epohcs' (see convnet4j train --help)");
  }

  @Test
  void scheduleAndControlsReachMetricsAndTheEpochLog() throws IOException {
    Path run = dir.resolve("run");

    CommandRun result =
        train(
            "train",
            "--epochs",
            "3",
            "--batch-size",
            "10",
            "--schedule",
            "one-cycle:pct=0.25",
            "--early-stopping",
            "5",
            "--min-delta",
            "0.01",
            "--target-accuracy",
            "99.5%",
            "--time-limit",
            "1h30m",
            "--label-smoothing",
            "0.1",
            "--weight-decay",
            "0.004",
            "--ema",
            "--augment",
            "shift=2,rotate=10",
            "--output",
            run.toString());

    assertThat(result.err()).isEmpty();
    String metrics = Files.readString(run.resolve("metrics.json"));
    assertThat(metrics)
        .contains("\"schedule\": \"one-cycle:pct=0.25\"")
        .contains("\"early_stopping_patience\": 5")
        .contains("\"early_stopping_min_delta\": 0.01")
        .contains("\"target_accuracy\": 0.995")
        .contains("\"time_limit_seconds\": 5400.0")
        .contains("\"label_smoothing\": 0.1")
        .contains("\"weight_decay\": 0.004")
        .contains("\"ema_momentum\": 0.99")
        .contains("\"augment\": \"shift=2.0,rotate=10.0\"")
        .contains("\"step_learning_rate\": [");
    assertThat(Files.readAllLines(run.resolve("log.csv"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(run.resolve(Checkpoint.BEST_FILE_NAME)).isRegularFile();
  }

  @Test
  void targetAccuracyStopsTheRunAndSaysSo() {
    Path run = dir.resolve("run");

    CommandRun result =
        train(
            "train",
            "--epochs",
            "30",
            "--batch-size",
            "10",
            "--learning-rate",
            "0.01",
            "--target-accuracy",
            "0.5",
            "--output",
            run.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsPattern("stopped \\(target accuracy\\) after \\d+ steps");
    assertThat(result.out().lines().filter(l -> l.startsWith("epoch ")).count()).isLessThan(30);
  }

  @Test
  void durationsAndFractionsAreRead() {
    assertThat(TrainCommand.seconds("90")).isEqualTo(90);
    assertThat(TrainCommand.seconds("90s")).isEqualTo(90);
    assertThat(TrainCommand.seconds("15m")).isEqualTo(900);
    assertThat(TrainCommand.seconds("1h30m")).isEqualTo(5400);
    assertThat(TrainCommand.fraction("0.99")).isEqualTo(0.99);
    assertThat(TrainCommand.fraction("99%")).isEqualTo(0.99);
  }

  @Test
  void badControlsAreOneLine() {
    assertThat(train("train", "--time-limit", "soon").err().lines())
        .containsExactly(
            "convnet4j train: --time-limit: expected seconds or a duration such as 90s, 15m or"
                + " 1h30m, got 'soon'");
    assertThat(train("train", "--min-delta", "0.1").err().lines())
        .containsExactly(
            "convnet4j train: --min-delta and --restore-best-weights need --early-stopping"
                + " PATIENCE");
    assertThat(train("train", "--schedule", "one-cycle:max=1").err().lines())
        .containsExactly("convnet4j train: schedule one-cycle: unknown option [max]");
  }

  @Test
  void resumingASparkRunWithoutTheSparkModuleAsksForTheMaster() throws IOException {
    Path run = dir.resolve("spark-run");
    trainThreeEpochsInto(run);
    // The checkpoint as the spark module's engine saves it.
    Path file = run.resolve(Checkpoint.FILE_NAME);
    Checkpoint c = Checkpoint.load(file);
    Checkpoint.save(
        file,
        c.config(),
        Map.of("name", "spark", "partitions", "4", "sync_every", "2"),
        c.model(),
        c.optimizer(),
        c.history());

    CommandRun result = train("train", "--resume", run.toString(), "--epochs", "4");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: --resume: the run was trained on Apache Spark; give --spark-master"
                + " local[N] or spark://HOST:PORT (its --partitions and --sync-every are kept),"
                + " or run it through spark-submit");
  }

  @Test
  void sparkMasterWithoutTheSparkModuleIsOneLineAndWritesNothing() {
    CommandRun result =
        train(
            "train", "--spark-master", "local[2]", "--output", dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j train: --spark-master: Spark support is not on the class path; run"
                + " ./convnet4j, which adds it, or spark-submit spark/target/convnet4j-spark.jar");
    assertThat(dir.resolve("r")).doesNotExist();
  }
}
