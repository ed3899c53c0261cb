package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizeShapeCommandTest {

  @TempDir Path dir;

  @Test
  void writesADecodablePng() throws IOException {
    CommandRun run =
        CommandRun.main(
            "visualize", "--shape", "--input", "7x7x1", "--filter", "3x3", "--stride", "2",
            "--padding", "SAME", "--output", dir.toString());

    Path file = dir.resolve(VisualizeCommand.CONVOLUTION_STEP_FILE);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("wrote " + file + System.lineSeparator());
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isGreaterThan(400);
  }

  @Test
  void malformedSizeIsOneLineNamingTheOption() {
    CommandRun run =
        CommandRun.main(
            "visualize", "--shape", "--input", "7xseven", "--filter", "3x3", "--output",
            dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            "convnet4j visualize: --input: expected 2 to 3 positive whole numbers joined by 'x'"
                + " (like 7x7x1), got '7xseven'");
  }

  @Test
  void missingFilterIsOneLine() {
    CommandRun run =
        CommandRun.main("visualize", "--shape", "--input", "7x7", "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly("convnet4j visualize: --filter is required");
  }

  @Test
  void badPaddingIsOneLine() {
    CommandRun run =
        CommandRun.main(
            "visualize", "--shape", "--input", "7x7", "--filter", "3x3", "--padding", "FULL",
            "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            "convnet4j visualize: padding: expected SAME, VALID or a non-negative integer, got"
                + " 'FULL'");
  }
}
