package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.convnet4j.keras.KerasModelFile;
import org.convnet4j.nn.Models;
import org.convnet4j.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, summary and bench with {@code --model-file}, and the model.json of every run. */
class ModelFileCommandsTest {

  /** The tiny model of {@link TinyRuns} as a Keras 2 file, with one layer more (a ReLU). */
  static final String TINY_MODEL =
      """
      {"class_name": "Sequential", "config": {"name": "tiny", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1]}},
        {"class_name": "Conv2D", "config": {"name": "conv", "filters": 4, "kernel_size": [3, 3],
          "strides": [2, 2], "padding": "same", "activation": "linear"}},
        {"class_name": "ReLU", "config": {"name": "relu"}},
        {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2], "padding": "same"}},
        {"class_name": "Flatten", "config": {}},
        {"class_name": "Dense", "config": {"units": 10, "activation": "linear"}}]}}
      """;

  @TempDir Path dir;

  private static CommandRun run(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private CommandRun trainTiny(Path modelFile, Path run) {
    return run(
        "train",
        "--model-file",
        modelFile.toString(),
        "--epochs",
        "1",
        "--batch-size",
        "10",
        "--learning-rate",
        "0.01",
        "--output",
        run.toString());
  }

  @Test
  void trainsTheFilesNetworkAndWritesItsModelJson() throws Exception {
    Path run = dir.resolve("run");

    CommandRun result = trainTiny(file("tiny.json", TINY_MODEL), run);

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("training " + dir.resolve("tiny.json") + " on mnist");
    assertThat(run.resolve(Checkpoint.FILE_NAME)).isRegularFile();
    // What summary reads back from model.json is what was trained, as the checkpoint has it.
    CommandRun fromJson = run("summary", "--model-file", run.resolve("model.json").toString());
    CommandRun fromFolder = run("summary", "--model-file", run.toString());
    CommandRun fromCheckpoint = run("summary", "--model", run.toString());
    assertThat(fromJson.exitCode()).isZero();
    assertThat(fromJson.out()).contains("ReLU").isEqualTo(fromCheckpoint.out());
    assertThat(fromFolder.out()).isEqualTo(fromCheckpoint.out());
    // The file's layer names, in the summary, the checkpoint and the model.json written.
    assertThat(fromCheckpoint.out())
        .contains("conv (Conv2D)")
        .contains("relu (ReLU)")
        .contains("max_pool2d_1 (MaxPool2D)");
    assertThat(Files.readString(run.resolve("model.json")))
        .contains("\"name\" : \"conv\"")
        .contains("\"name\" : \"relu\"");
  }

  @Test
  void everyRunFolderGetsModelJsonOfWhatItTrained() throws Exception {
    Path run = dir.resolve("run");

    CommandRun result =
        run("train", "--epochs", "1", "--batch-size", "10", "--output", run.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(run.resolve("model.json")))
        .isEqualTo(KerasModelFile.toJson(TinyRuns.model(1)));
  }

  @Test
  void tutorialNetworkRoundTripsThroughItsModelFile() throws Exception {
    Path tutorial = file("tutorial.json", KerasModelFile.toJson(Models.tutorial(1)));

    CommandRun fromFile = run("summary", "--model-file", tutorial.toString());
    CommandRun builtIn = run("summary");

    assertThat(fromFile.exitCode()).isZero();
    assertThat(fromFile.out()).contains("3,274,634").isEqualTo(builtIn.out());
  }

  @Test
  void aBadModelFileIsOneLineNamingFileLayerAndKeyAndLeavesNoRunFolder() throws Exception {
    Path bad =
        file("bad.json", TINY_MODEL.replace("\"strides\": [2, 2]", "\"dilation_rate\": [2, 2]"));
    Path run = dir.resolve("run");

    CommandRun result = trainTiny(bad, run);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "convnet4j train: model file %s: layer 'conv' (Conv2D): dilation_rate: expected 1 or"
                    .formatted(bad)
                + " [1, 1] (convnet4j convolves without dilation), got [2,2]"
                + System.lineSeparator());
    assertThat(run).doesNotExist();
  }

  @Test
  void aMissingModelFileIsOneLine() {
    CommandRun result = run("summary", "--model-file", dir.resolve("none.json").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .singleElement()
        .asString()
        .endsWith("none.json: no such file or folder");
  }

  @Test
  void resumeKeepsTheCheckpointsArchitecture() throws Exception {
    CommandRun result =
        run(
            "train",
            "--resume",
            dir.toString(),
            "--model-file",
            file("t.json", TINY_MODEL).toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("only --epochs may be given with it");
  }

  @Test
  void summaryTakesOneModelOnly() throws Exception {
    Path tiny = file("tiny.json", TINY_MODEL);

    CommandRun result = run("summary", "--model", tiny.toString(), "--model-file", tiny.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("give --model or --model-file, not both");
  }

  @Test
  void benchTimesTheFilesNetworkOnItsInputShape() throws Exception {
    Path tiny = file("tiny.json", TINY_MODEL.replace("28, 28, 1", "20, 16, 3"));

    CommandRun result =
        run(
            "bench",
            "--model-file",
            tiny.toString(),
            "--threads",
            "1",
            "--batch",
            "8",
            "--steps",
            "2",
            "--warmup",
            "1");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains(tiny + " (input 20x16x3)").contains("per layer, batch 8");
    // The per-layer table is this file's network, in its order: not the tutorial's.
    assertThat(result.out().lines().map(line -> line.split(" ")[0]))
        // The file's names, conv and relu; defaults for the layers it leaves unnamed.
        .containsSubsequence("conv", "relu", "max_pool2d_1", "flatten_1", "dense_1", "loss")
        .doesNotContain("conv2d_1", "conv2d_2");
    assertThat(result.out().lines().toList().getLast())
        .contains("\"train_images_per_sec\": ")
        .contains("\"batch\": 8")
        .contains("\"model\": \"" + tiny + "\"")
        .contains("\"layers\": [{\"layer\": \"conv\", \"forward_ms\": ")
        .containsPattern("\"peak_rss_mb\": ([1-9][0-9]*\\.[0-9]|null)}$");
    assertThat(result.out()).containsPattern("peak resident memory: ([1-9][0-9,]* MB|unknown)");
  }

  @Test
  void benchRefusesAModelThatIsNoClassifier() throws Exception {
    Path maps =
        file(
            "maps.json",
            """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1]}},
              {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}}]}}\
            """);

    CommandRun result = run("bench", "--model-file", maps.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("puts out [26, 26, 4]").contains("one logit per class");
  }

  /**
   * Damaged model files through the command line: each is exit status 2 and one line on standard
   * error, never a stack trace.
   */
  @Test
  void damagedModelFilesAreOneLineErrors() throws Exception {
    byte[] valid = TINY_MODEL.getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(16);
    Path file = dir.resolve("damaged.json");
    int refused = 0;
    for (int i = 0; i < 60; i++) {
      byte[] damaged =
          i % 2 == 0 ? Arrays.copyOf(valid, random.nextInt(valid.length)) : flip(valid, random);
      Files.write(file, damaged);

      CommandRun result = run("summary", "--model-file", file.toString());

      if (result.exitCode() != 0) {
        refused++;
        assertThat(result.exitCode()).as("case %d: %s", i, result.err()).isEqualTo(2);
        assertThat(result.err().lines())
            .as("case %d", i)
            .singleElement()
            .asString()
            .startsWith("convnet4j summary: model file " + file + ": ");
      }
    }
    assertThat(refused).isGreaterThan(30);
  }

  private static byte[] flip(byte[] valid, SplittableRandom random) {
    byte[] damaged = valid.clone();
    for (int f = 0; f <= random.nextInt(3); f++) {
      damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return damaged;
  }
}
