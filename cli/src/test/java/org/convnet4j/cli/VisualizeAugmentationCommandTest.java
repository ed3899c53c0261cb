package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizeAugmentationCommandTest {

  @TempDir Path dir;

  private CommandRun visualize(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  // Eight training images in rows, each as it is and in nine distorted versions: ten 28x28 tiles
  // a row, each pixel drawn 2x2 (56 screen pixels a tile).
  @Test
  void drawsARowPerTrainingImageWithItsDistortedVersions() throws Exception {
    CommandRun result =
        visualize(
            "visualize", "--augmentation", "shift=2,rotate=10,alpha=8,sigma=3", "--output", dir.toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    BufferedImage image = ImageIO.read(dir.resolve(VisualizeCommand.AUGMENTATION_FILE).toFile());
    assertThat(image.getHeight()).isGreaterThanOrEqualTo(8 * 56);
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(10 * 56);
  }

  @Test
  void aBadSpecIsOneLine() {
    CommandRun result = visualize("visualize", "--augmentation", "spin=3");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "convnet4j visualize: augment: unknown key [spin]; expected shift, rotate, scale,"
                + " alpha, sigma, flip or crop");
  }
}
