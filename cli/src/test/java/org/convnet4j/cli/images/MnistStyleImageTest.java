package org.convnet4j.cli.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.convnet4j.Tensor;
import org.convnet4j.cli.images.MnistStyleImage.Framing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MnistStyleImageTest {

  @TempDir Path dir;

  private static BufferedImage canvas(int width, int height, Color background, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static void fill(BufferedImage image, Color ink, int x, int y, int width, int height) {
    Graphics2D g = image.createGraphics();
    g.setColor(ink);
    g.fillRect(x, y, width, height);
    g.dispose();
  }

  /** The 28x28 image with ones exactly in the given rectangle and zeros elsewhere. */
  private static float[] onesIn(int left, int top, int width, int height) {
    float[] expected = new float[28 * 28];
    for (int y = top; y < top + height; y++) {
      for (int x = left; x < left + width; x++) {
        expected[y * 28 + x] = 1f;
      }
    }
    return expected;
  }

  @Test
  void whiteSquareOnBlackIsCentredUnchanged() {
    BufferedImage image = canvas(28, 28, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
    fill(image, Color.WHITE, 0, 0, 20, 20);

    Tensor input = MnistStyleImage.fromImage(image, Framing.MNIST);

    // Box 20x20 needs no scaling; centre of mass (10, 10) moves to (14, 14): offset 4.
    assertThat(input.shape()).containsExactly(28, 28, 1);
    assertThat(input.toFloatArray()).containsExactly(onesIn(4, 4, 20, 20));
  }

  @Test
  void darkInkOnLightColourPhotoIsInvertedScaledAndCentred() {
    BufferedImage image = canvas(300, 200, new Color(250, 245, 235), BufferedImage.TYPE_INT_RGB);
    fill(image, new Color(10, 20, 90), 150, 30, 100, 50);

    Tensor input = MnistStyleImage.fromImage(image, Framing.MNIST);

    // 100x50 of ink scales by 20/100 to 20x10 of full ink; centre (10, 5) goes to (14, 14).
    assertThat(input.toFloatArray()).containsExactly(onesIn(4, 9, 20, 10));
  }

  @Test
  void transparentBackgroundCountsAsPaper() {
    BufferedImage image = canvas(40, 40, new Color(0, 0, 0, 0), BufferedImage.TYPE_INT_ARGB);
    fill(image, Color.BLACK, 10, 10, 20, 20);

    Tensor input = MnistStyleImage.fromImage(image, Framing.MNIST);

    assertThat(input.toFloatArray()).containsExactly(onesIn(4, 4, 20, 20));
  }

  @Test
  void tallDigitKeepsItsAspectRatio() {
    BufferedImage image = canvas(100, 100, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
    fill(image, Color.WHITE, 40, 10, 20, 80);

    Tensor input = MnistStyleImage.fromImage(image, Framing.MNIST);

    // 20x80 scales by 20/80 to 5x20; centre (2.5, 10) goes to (14, 14): left 11.5 rounds to 12.
    assertThat(input.toFloatArray()).containsExactly(onesIn(12, 4, 5, 20));
  }

  @Test
  void fashionFramingFillsTwentyEightAndCentresTheBox() {
    BufferedImage image = canvas(300, 200, Color.WHITE, BufferedImage.TYPE_INT_RGB);
    fill(image, new Color(40, 40, 40), 100, 60, 100, 50);

    Tensor input = MnistStyleImage.fromImage(image, Framing.FASHION_MNIST);

    // 100x50 scales by 28/100 to 28x14; the box's centre (14, 7) goes to (14, 14): top 7.
    assertThat(input.toFloatArray()).containsExactly(onesIn(0, 7, 28, 14), within(1e-5f));
  }

  static IntStream seeds() {
    return IntStream.range(0, 12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBlobsFitTwentyPixelsWithCentreOfMassAtTheCentre(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int width = random.nextInt(30, 400);
    int height = random.nextInt(30, 400);
    BufferedImage image = canvas(width, height, Color.WHITE, BufferedImage.TYPE_INT_RGB);
    for (int stroke = 0; stroke < 6; stroke++) {
      int x = random.nextInt(width / 4, width * 3 / 4);
      int y = random.nextInt(height / 4, height * 3 / 4);
      fill(
          image,
          Color.DARK_GRAY,
          x,
          y,
          random.nextInt(1, width / 4),
          random.nextInt(1, height / 4));
    }

    GreyImage result =
        new GreyImage(28, 28, MnistStyleImage.fromImage(image, Framing.MNIST).toFloatArray());

    int[] box = result.boundingBox();
    assertThat(Math.max(box[2], box[3])).isBetween(19, 21);
    for (float v : result.values()) {
      assertThat(v).isBetween(0f, 1f);
    }
    // Integer shifts leave the centre of mass at most half a pixel from (14, 14).
    assertThat(result.centreOfMass()[0]).isCloseTo(14, within(0.5));
    assertThat(result.centreOfMass()[1]).isCloseTo(14, within(0.5));
  }

  @Test
  void readsJpegFiles() throws IOException {
    BufferedImage image = canvas(64, 64, Color.WHITE, BufferedImage.TYPE_INT_RGB);
    fill(image, Color.BLACK, 20, 12, 24, 40);
    Path file = dir.resolve("digit.jpg");
    ImageIO.write(image, "jpeg", file.toFile());

    GreyImage result =
        new GreyImage(28, 28, MnistStyleImage.load(file, Framing.MNIST).toFloatArray());

    // 24x40 scales to 12x20; JPEG ringing is below the noise floor, so the box stays that size.
    assertThat(result.boundingBox()).containsExactly(8, 4, 12, 20);
  }

  @Test
  void flatImageIsAnErrorNamingTheFile() throws IOException {
    Path file = dir.resolve("blank.png");
    ImageIO.write(canvas(30, 30, Color.WHITE, BufferedImage.TYPE_INT_RGB), "png", file.toFile());

    assertThatThrownBy(() -> MnistStyleImage.load(file, Framing.MNIST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": the image is one flat colour, there is nothing in it");
  }

  @Test
  void fileThatIsNoImageIsAnErrorNamingTheFile() throws IOException {
    Path file = dir.resolve("notes.png");
    Files.writeString(file, "not a picture");

    assertThatThrownBy(() -> MnistStyleImage.load(file, Framing.MNIST))
        .isInstanceOf(IOException.class)
        .hasMessage(
            file + ": is not a PNG, JPEG, BMP or GIF image (no decoder recognises its content)");
  }
}
