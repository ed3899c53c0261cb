package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convnet4j.Variable;
import org.convnet4j.cli.Main;
import org.convnet4j.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --resume} of a run trained on {@code local[2]}: the checkpoint keeps its {@code
 * --partitions} and {@code --sync-every}, so the resumed run needs only {@code --spark-master} and
 * repeats the uninterrupted one bit for bit; an option that differs, or Spark options for a run
 * trained on one machine, are refused before a Spark context starts.
 */
class SparkResumeTest {

  // A small network (8,010 weights), so that the runs take seconds.
  private static final String MODEL =
      """
      {"class_name": "Sequential", "config": {"name": "small", "layers": [
       {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1]}},
       {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": [5, 5], "padding": "same",
        "activation": "relu"}},
       {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2]}},
       {"class_name": "Flatten", "config": {}},
       {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}}]}}
      """;

  @TempDir static Path dir;
  private static Path data;
  private static Path modelFile;

  @BeforeAll
  static void writeDataAndModel() throws IOException {
    data = SyntheticIdx.write(Files.createDirectory(dir.resolve("idx")), 384, 50, 3);
    modelFile = Files.writeString(dir.resolve("small.json"), MODEL);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run train(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("train"));
    all.addAll(List.of(args));
    return new Run(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  private static Run start(Path output, int epochs) {
    return train(
        "--spark-master", "local[2]", "--partitions", "3", "--sync-every", "2",
        "--model-file", modelFile.toString(), "--data-dir", data.toString(),
        "--batch-size", "48", "--threads", "1", "--epochs", Integer.toString(epochs),
        "--output", output.toString());
  }

  @Test
  void aResumedSparkRunKeepsItsPartitionsAndSyncEveryAndRepeatsTheUninterruptedOne()
      throws IOException {
    Path whole = dir.resolve("whole");
    Path cut = dir.resolve("cut");
    assertThat(start(whole, 2).exitCode()).isZero();
    assertThat(start(cut, 1).exitCode()).isZero();

    Run resumed = train("--resume", cut.toString(), "--spark-master", "local[2]", "--epochs", "2");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    Checkpoint a = Checkpoint.load(cut.resolve(Checkpoint.FILE_NAME));
    Checkpoint b = Checkpoint.load(whole.resolve(Checkpoint.FILE_NAME));
    assertThat(a.engineSettings())
        .isEqualTo(Map.of("name", "spark", "partitions", "3", "sync_every", "2"));
    assertThat(a.epoch()).isEqualTo(2);
    assertThat(a.history().stepLosses()).isEqualTo(b.history().stepLosses());
    for (int i = 0; i < a.model().variables().size(); i++) {
      Variable v = a.model().variables().get(i);
      assertThat(v.value().toFloatArray())
          .as(v.name())
          .isEqualTo(b.model().variables().get(i).value().toFloatArray());
    }
  }

  @Test
  void anOptionThatDiffersFromTheResumedRunsIsRefused() {
    Path run = dir.resolve("refused");
    assertThat(start(run, 1).exitCode()).isZero();

    Run partitions =
        train("--resume", run.toString(), "--spark-master", "local[2]", "--partitions", "2");
    Run syncEvery =
        train("--resume", run.toString(), "--spark-master", "local[2]", "--sync-every", "3");

    assertThat(partitions.exitCode()).isEqualTo(2);
    assertThat(partitions.err())
        .contains(
            "--partitions: the resumed run was trained with 3, and keeps it to continue as it"
                + " started; give 3 or leave it out, got 2");
    assertThat(syncEvery.exitCode()).isEqualTo(2);
    assertThat(syncEvery.err()).contains("--sync-every: the resumed run was trained with 2");
  }

  @Test
  void sparkOptionsOnTheResumeOfARunTrainedOnOneMachineAreRefused() {
    Path run = dir.resolve("local");
    Run local =
        train(
            "--model-file", modelFile.toString(), "--data-dir", data.toString(),
            "--batch-size", "48", "--threads", "1", "--epochs", "1", "--output", run.toString());
    assertThat(local.exitCode()).as(local.err()).isZero();

    Run resumed = train("--resume", run.toString(), "--spark-master", "local[2]", "--epochs", "2");

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err())
        .contains(
            "--resume: the run in %s was trained on one machine; resume it without"
                    .formatted(run)
                + " --spark-master, --partitions and --sync-every");
  }
}
