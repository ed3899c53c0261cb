package org.convnet4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convnet4j.Tensor;

/**
 * Turns a picture of a digit (PNG or JPEG, any size, colour or grey) into the input an MNIST model
 * expects, the way the MNIST digits themselves were made: grey, white strokes on black, the digit
 * scaled to fit a 20x20 box keeping its aspect ratio, then placed in a 28x28 field so that its
 * centre of mass sits at the centre; values in {@code [0, 1]}.
 */
final class MnistStyleImage {

  /** Side of the model's input image. */
  static final int SIZE = 28;

  /** Side of the box the digit's longer side is scaled to. */
  static final int FIT = 20;

  private static final double NOISE_FLOOR = 0.1;

  private MnistStyleImage() {}

  /**
   * Reads {@code file} and returns it as a {@code [28, 28, 1]} tensor.
   *
   * @throws IOException if the file cannot be read or is not an image ImageIO understands
   * @throws IllegalArgumentException if the image holds no digit (one flat colour)
   */
  static Tensor load(Path file) throws IOException {
    BufferedImage image;
    try (InputStream in = Files.newInputStream(file)) {
      try {
        image = ImageIO.read(in);
      } catch (IOException e) {
        throw new IOException(file + ": damaged image (" + e.getMessage() + ")", e);
      }
    }
    if (image == null) {
      throw new IOException(file + ": not an image this program can read (expected PNG or JPEG)");
    }
    try {
      return fromImage(image);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** {@link #load} for an image already in memory. */
  static Tensor fromImage(BufferedImage image) {
    GreyImage ink = inkOnBlack(GreyImage.luminance(image));
    int[] box = ink.boundingBox();
    if (box == null) {
      throw new IllegalArgumentException("the image is one flat colour, there is no digit in it");
    }
    GreyImage digit = ink.crop(box[0], box[1], box[2], box[3]);
    double scale = (double) FIT / Math.max(digit.width(), digit.height());
    int width = Math.max(1, (int) Math.round(digit.width() * scale));
    int height = Math.max(1, (int) Math.round(digit.height() * scale));
    GreyImage fitted = digit.resize(width, height);
    double[] centre = fitted.centreOfMass();
    int left = (int) Math.round(SIZE / 2.0 - centre[0]);
    int top = (int) Math.round(SIZE / 2.0 - centre[1]);
    return Tensor.of(fitted.placeOn(SIZE, SIZE, left, top).values(), SIZE, SIZE, 1);
  }

  // MNIST digits are white on black. A light border means dark ink on light paper: invert.
  // Then stretch so the background is 0 and the strongest ink 1; the faintest tenth of that
  // range counts as background too, so JPEG noise and paper texture do not widen the digit's
  // bounding box or pull its centre of mass.
  private static GreyImage inkOnBlack(GreyImage grey) {
    GreyImage ink = grey.borderMean() > 0.5 ? grey.inverted() : grey;
    double background = ink.borderMean();
    double strongest = ink.max();
    return ink.stretched(background + NOISE_FLOOR * (strongest - background), strongest);
  }
}
