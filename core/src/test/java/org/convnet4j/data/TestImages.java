package org.convnet4j.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small images made in tests, written with ImageIO. */
final class TestImages {

  private TestImages() {}

  /** A grey image whose every pixel is {@code value}. */
  static BufferedImage flatGrey(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    return image;
  }

  /** A colour image whose every pixel is {@code rgb} (0xRRGGBB). */
  static BufferedImage flatColour(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** A colour image with a gradient and some structure, for fuzzing. */
  static BufferedImage pattern(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 20 % 256) << 16 | (y * 25 % 256) << 8 | ((x + y) * 10 % 256));
      }
    }
    return image;
  }

  /** The image encoded as {@code format} ({@code png}, {@code jpeg}, {@code bmp}, {@code gif}). */
  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the image into {@code file}, in the format its extension names. */
  static Path write(Path file, BufferedImage image) throws IOException {
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase();
    Files.createDirectories(file.getParent());
    Files.write(file, encode(image, format.equals("jpg") ? "jpeg" : format));
    return file;
  }
}
