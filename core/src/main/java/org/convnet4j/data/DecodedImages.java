package org.convnet4j.data;

import java.util.List;

/**
 * The decoded images of one folder of class folders, in file order, damaged ones left out.
 *
 * @param values {@code [count, height, width, channels]} pixel values in {@code 0..255} (fractions
 *     where resizing blended pixels)
 * @param labels the class of each image
 * @param skipped the damaged images left out, in file order
 */
record DecodedImages(
    int height, int width, int channels, float[] values, int[] labels, List<Skipped> skipped) {

  /** A damaged image: its file and what is wrong with it. */
  record Skipped(String file, String problem) {

    BadImageException asException() {
      return new BadImageException(java.nio.file.Path.of(file), problem);
    }
  }

  int count() {
    return labels.length;
  }

  int pixelsPerImage() {
    return height * width * channels;
  }
}
