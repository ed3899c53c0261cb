package org.convnet4j.data;

import java.util.List;
import java.util.Locale;

/**
 * How an image folder becomes a data set (see {@link ImageFolderReader}): the image size and
 * channels every image is converted to, the part of each class held out where the folder has no
 * {@code validation/} (or {@code test/}) split, whether damaged images are skipped, and, once the
 * folder has been read, its class names.
 *
 * @param height rows of every image, or 0 for the first image's
 * @param width columns of every image, or 0 for the first image's
 * @param channels 1 (grey) or 3 (RGB), or 0 for the first image's (1 if it is grey, else 3)
 * @param validationSplit the fraction of each class of {@code train/} held out for validation
 *     without a {@code validation/} folder, and for the test split without a {@code test/} folder;
 *     in {@code (0, 0.5]}
 * @param skipBadImages skip (and count) images that cannot be decoded, instead of stopping
 * @param classNames the sorted class folder names, or empty before the folder is read; a folder
 *     read with names given must have exactly these classes
 */
public record ImageFolderSpec(
    int height,
    int width,
    int channels,
    double validationSplit,
    boolean skipBadImages,
    List<String> classNames) {

  /** Keras' default {@code validation_split} is none; convnet4j holds out a tenth. */
  public static final double DEFAULT_VALIDATION_SPLIT = 0.1;

  /**
   * Checks every field and copies the class names.
   *
   * @throws IllegalArgumentException naming the first bad field
   */
  public ImageFolderSpec {
    if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
      throw new IllegalArgumentException(
          "image size: height and width must both be positive (or both 0 for the first image's),"
              + " got %dx%d".formatted(height, width));
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels: must be 1 or 3, got " + channels);
    }
    if (!(validationSplit > 0 && validationSplit <= 0.5)) {
      throw new IllegalArgumentException(
          "validation split: must be more than 0 and at most 0.5, got " + validationSplit);
    }
    classNames = List.copyOf(classNames);
  }

  /** Size and channels of the first image, a tenth held out, damaged images an error. */
  public static ImageFolderSpec defaults() {
    return new ImageFolderSpec(0, 0, 0, DEFAULT_VALIDATION_SPLIT, false, List.of());
  }

  /** A copy with images resized to {@code h x w}. */
  public ImageFolderSpec withImageSize(int h, int w) {
    return new ImageFolderSpec(h, w, channels, validationSplit, skipBadImages, classNames);
  }

  /** A copy with {@code c} channels (1 or 3). */
  public ImageFolderSpec withChannels(int c) {
    return new ImageFolderSpec(height, width, c, validationSplit, skipBadImages, classNames);
  }

  /** A copy holding out {@code fraction} of each class. */
  public ImageFolderSpec withValidationSplit(double fraction) {
    return new ImageFolderSpec(height, width, channels, fraction, skipBadImages, classNames);
  }

  /** A copy that skips damaged images ({@code true}) or stops at the first. */
  public ImageFolderSpec withSkipBadImages(boolean skip) {
    return new ImageFolderSpec(height, width, channels, validationSplit, skip, classNames);
  }

  /** A copy that expects these classes. */
  public ImageFolderSpec withClassNames(List<String> names) {
    return new ImageFolderSpec(height, width, channels, validationSplit, skipBadImages, names);
  }

  /** The input shape {@code [height, width, channels]} of a model for these images. */
  public int[] inputShape() {
    return new int[] {height, width, channels};
  }

  /** {@code 28x28}, or {@code auto} for the first image's size. */
  public String imageSizeText() {
    return height == 0 ? "auto" : height + "x" + width;
  }

  /**
   * Parses {@code HxW} (e.g. {@code 32x32}) into {@code [height, width]}.
   *
   * @throws IllegalArgumentException if it is not two positive numbers joined by {@code x}
   */
  public static int[] parseImageSize(String text) {
    String[] parts = text.strip().toLowerCase(Locale.ROOT).split("x", -1);
    try {
      if (parts.length == 2) {
        int h = Integer.parseInt(parts[0].strip());
        int w = Integer.parseInt(parts[1].strip());
        if (h > 0 && w > 0) {
          return new int[] {h, w};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "image size: expected HEIGHTxWIDTH such as 32x32, got '%s'".formatted(text));
  }
}
