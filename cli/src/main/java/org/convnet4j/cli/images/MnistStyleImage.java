package org.convnet4j.cli.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.Tensor;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.ImageFolderReader;

/**
 * Turns a picture (PNG or JPEG, any size, colour or grey) into the input an MNIST-format model
 * expects, the way the data set's own images were made: grey, light subject on black, values in
 * {@code [0, 1]}, 28x28, the subject framed as {@link Framing} says.
 */
public final class MnistStyleImage {

  /** Side of the model's input image. */
  public static final int SIZE = 28;

  /** How the subject is scaled and placed in the 28x28 field. */
  public enum Framing {
    /** MNIST's: the digit fitted into 20x20 keeping its aspect, its centre of mass centred. */
    MNIST(20, true),
    /** Fashion-MNIST's: the item fitted into 28x28 keeping its aspect, its box centred. */
    FASHION_MNIST(28, false);

    private final int fit;
    private final boolean centreOfMass;

    Framing(int fit, boolean centreOfMass) {
      this.fit = fit;
      this.centreOfMass = centreOfMass;
    }

    /** The framing of the data set a model was trained on. */
    public static Framing of(Dataset dataset) {
      return switch (dataset) {
        case MNIST -> MNIST;
        case FASHION_MNIST -> FASHION_MNIST;
      };
    }
  }

  private static final double NOISE_FLOOR = 0.1;

  private MnistStyleImage() {}

  /**
   * Reads {@code file} and returns it as a {@code [28, 28, 1]} tensor.
   *
   * @throws IOException naming the file if it cannot be read or is not a sound PNG, JPEG, BMP or
   *     GIF image ({@link ImageFolderReader#readPicture})
   * @throws IllegalArgumentException if the image holds nothing (one flat colour)
   */
  public static Tensor load(Path file, Framing framing) throws IOException {
    BufferedImage image = ImageFolderReader.readPicture(file);
    try {
      return fromImage(image, framing);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** {@link #load} for an image already in memory. */
  static Tensor fromImage(BufferedImage image, Framing framing) {
    GreyImage ink = inkOnBlack(GreyImage.luminance(image));
    int[] box = ink.boundingBox();
    if (box == null) {
      throw new IllegalArgumentException("the image is one flat colour, there is nothing in it");
    }
    GreyImage subject = ink.crop(box[0], box[1], box[2], box[3]);
    double scale = (double) framing.fit / Math.max(subject.width(), subject.height());
    int width = Math.max(1, (int) Math.round(subject.width() * scale));
    int height = Math.max(1, (int) Math.round(subject.height() * scale));
    GreyImage fitted = subject.resize(width, height);
    double[] centre =
        framing.centreOfMass ? fitted.centreOfMass() : new double[] {width / 2.0, height / 2.0};
    int left = (int) Math.round(SIZE / 2.0 - centre[0]);
    int top = (int) Math.round(SIZE / 2.0 - centre[1]);
    return Tensor.of(fitted.placeOn(SIZE, SIZE, left, top).values(), SIZE, SIZE, 1);
  }

  // The data sets' images are light on black. A light border means dark ink on light paper (or a
  // product on a white background): invert.
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
