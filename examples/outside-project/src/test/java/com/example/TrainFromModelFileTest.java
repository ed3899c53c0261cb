package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.convnet4j.Tensor;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convnet4j used from another project: an image folder of two classes (a red square at the top or
 * at the bottom of a 24x24 picture) trained from a model file, then a picture predicted.
 */
class TrainFromModelFileTest {

  @TempDir Path dir;

  private static BufferedImage picture(boolean top, int shift) {
    BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 24; x++) {
        boolean square = (top ? y < 10 : y >= 14) && x >= shift && x < shift + 10;
        image.setRGB(x, y, (square ? Color.RED : Color.LIGHT_GRAY).getRGB());
      }
    }
    return image;
  }

  @Test
  void trainsAModelFileOnAnImageFolderAndPredicts() throws IOException {
    Path images = dir.resolve("images");
    for (String label : List.of("bottom", "top")) {
      Files.createDirectories(images.resolve(label));
      for (int i = 0; i < 30; i++) {
        ImageIO.write(
            picture(label.equals("top"), i % 14),
            "png",
            images.resolve(label).resolve(i + ".png").toFile());
      }
    }
    Path modelFile = dir.resolve("net.json");
    try (var in = getClass().getResourceAsStream("/net.json")) {
      Files.copy(in, modelFile);
    }

    TrainingResult result = TrainFromModelFile.train(modelFile, images, 3, dir.resolve("cache"));

    assertEquals(3, result.history().completedEpochs());
    assertTrue(result.test().accuracy() >= 0.8, "test accuracy " + result.test().accuracy());
    Path red = dir.resolve("top.png");
    ImageIO.write(picture(true, 7), "png", red.toFile());
    Tensor probabilities =
        result
            .model()
            .probabilities(ImageFolderReader.readImage(red, 12, 12, 3).reshape(1, 12, 12, 3));
    float[] p = probabilities.toFloatArray();
    assertEquals(1f, p[0] + p[1], 1e-5f);
    assertTrue(p[1] > p[0], "top should win: " + p[0] + " " + p[1]);
  }
}
