package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.Tensor;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.MetricsFile;
import org.convnet4j.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export and import on a checkpoint of the tiny model, and the run folder import makes. */
class OnnxCommandsTest {

  @TempDir static Path runDir;

  @TempDir Path dir;

  @BeforeAll
  static void trainTinyModel() throws IOException {
    TinyRuns.train(TinyRuns.config(runDir), TrainingListener.NONE);
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  @Test
  void exportThenImportMakesARunFolderOfTheSameModel() throws IOException {
    Path onnx = dir.resolve("model.onnx");
    CommandRun exported = run("export", "--model", runDir.toString(), "--output", onnx.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("input 'input' [batch, 28, 28, 1]", "output 'logits'");

    Path imported = dir.resolve("imported");
    CommandRun result = run("import", onnx.toString(), "--output", imported.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("NHWC input", "test accuracy");
    assertThat(imported.resolve(Checkpoint.FILE_NAME)).exists();
    assertThat(Files.readString(imported.resolve(MetricsFile.FILE_NAME)))
        .contains("\"dataset\": \"mnist\"", "\"test_accuracy\"");

    // The imported run gives the trained one's logits, bit for bit.
    Tensor images = TinyRuns.data().test().images();
    float[] original =
        Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME)).model().forward(images, false)
            .toFloatArray();
    float[] back =
        Checkpoint.load(imported.resolve(Checkpoint.FILE_NAME)).model().forward(images, false)
            .toFloatArray();
    assertThat(back).isEqualTo(original);

    // ... and works as a run folder (train --resume needs more than the tiny data's 90 images
    // for the default batch of 128: the README shows it on MNIST).
    assertThat(run("eval", "--model", imported.toString()).exitCode()).isZero();
    assertThat(run("summary", "--model", imported.toString()).out()).contains("conv2d_1");
  }

  @Test
  void importOnAnImageFolderRecordsTheFolder() throws IOException {
    Path onnx = dir.resolve("model.onnx");
    run("export", "--model", runDir.toString(), "--output", onnx.toString());
    Path folder = Files.createDirectories(dir.resolve("pictures"));
    Path imported = dir.resolve("imported");
    // The tiny backend serves its synthetic data whatever the folder holds.
    CommandRun result =
        run("import", onnx.toString(), "--data", folder.toString(), "--output",
            imported.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readString(imported.resolve(MetricsFile.FILE_NAME)))
        .contains("\"dataset\": \"image-folder\"", folder.toString());
    assertThat(Checkpoint.load(imported.resolve(Checkpoint.FILE_NAME)).config().imageFolder()
            .inputShape())
        .containsExactly(28, 28, 1);
  }

  @Test
  void damagedFileIsOneLineAndStatus2() throws IOException {
    Path onnx = dir.resolve("broken.onnx");
    Files.write(onnx, new byte[] {8, 8, 0x12, 0x7f, 1, 2});
    CommandRun result = run("import", onnx.toString(), "--output", dir.resolve("run").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .startsWith("convnet4j import: " + onnx + ": not an ONNX model")
        .doesNotContain("\n");
  }
}
