package org.convnet4j.cli.images;

import java.awt.image.BufferedImage;

/**
 * A grey image of floats in {@code [0, 1]}, row-major, with the few operations the MNIST-style
 * preprocessing needs.
 *
 * @param width columns
 * @param height rows
 * @param values {@code width * height} values, row by row
 */
public record GreyImage(int width, int height, float[] values) {

  /**
   * The luminance of {@code image} (ITU-R BT.601 weights, as in JPEG), with transparent pixels
   * shown over white paper.
   */
  static GreyImage luminance(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    float[] values = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int argb = image.getRGB(x, y);
        double alpha = (argb >>> 24) / 255.0;
        double grey =
            (0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff))
                / 255.0;
        values[y * width + x] = (float) (alpha * grey + (1 - alpha));
      }
    }
    return new GreyImage(width, height, values);
  }

  float at(int x, int y) {
    return values[y * width + x];
  }

  /** Mean of the outermost rows and columns: the background colour, for a centred subject. */
  double borderMean() {
    double sum = 0;
    int count = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (y == 0 || y == height - 1 || x == 0 || x == width - 1) {
          sum += at(x, y);
          count++;
        }
      }
    }
    return sum / count;
  }

  float max() {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  GreyImage inverted() {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 1 - values[i];
    }
    return new GreyImage(width, height, out);
  }

  /** Maps {@code low} to 0 and {@code high} to 1, clamping; flat if {@code high <= low}. */
  GreyImage stretched(double low, double high) {
    float[] out = new float[values.length];
    if (high > low) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) Math.clamp((values[i] - low) / (high - low), 0.0, 1.0);
      }
    }
    return new GreyImage(width, height, out);
  }

  /** {@code {left, top, width, height}} of the non-zero pixels, or null if all are zero. */
  int[] boundingBox() {
    int left = width;
    int top = height;
    int right = -1;
    int bottom = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (at(x, y) > 0) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return right < 0 ? null : new int[] {left, top, right - left + 1, bottom - top + 1};
  }

  GreyImage crop(int left, int top, int cropWidth, int cropHeight) {
    float[] out = new float[cropWidth * cropHeight];
    for (int y = 0; y < cropHeight; y++) {
      System.arraycopy(values, (top + y) * width + left, out, y * cropWidth, cropWidth);
    }
    return new GreyImage(cropWidth, cropHeight, out);
  }

  /**
   * Resamples to the given size by area averaging: each output pixel is the mean of the input area
   * it covers, fractional pixels weighted by how much of them it covers. This is the anti-aliasing
   * that gives MNIST digits their grey edges.
   */
  GreyImage resize(int newWidth, int newHeight) {
    double sx = (double) width / newWidth;
    double sy = (double) height / newHeight;
    float[] out = new float[newWidth * newHeight];
    for (int oy = 0; oy < newHeight; oy++) {
      for (int ox = 0; ox < newWidth; ox++) {
        double sum = 0;
        for (int y = (int) (oy * sy); y < Math.min(height, Math.ceil((oy + 1) * sy)); y++) {
          double wy = overlap(y, oy * sy, (oy + 1) * sy);
          for (int x = (int) (ox * sx); x < Math.min(width, Math.ceil((ox + 1) * sx)); x++) {
            sum += wy * overlap(x, ox * sx, (ox + 1) * sx) * at(x, y);
          }
        }
        out[oy * newWidth + ox] = (float) (sum / (sx * sy));
      }
    }
    return new GreyImage(newWidth, newHeight, out);
  }

  // Length of the overlap of pixel [p, p + 1) with the interval [from, to).
  private static double overlap(int p, double from, double to) {
    return Math.max(0, Math.min(p + 1, to) - Math.max(p, from));
  }

  /** {@code {x, y}} of the intensity-weighted centre, in pixel units (pixel centres at +0.5). */
  double[] centreOfMass() {
    double mass = 0;
    double mx = 0;
    double my = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double v = at(x, y);
        mass += v;
        mx += v * (x + 0.5);
        my += v * (y + 0.5);
      }
    }
    return new double[] {mx / mass, my / mass};
  }

  /** This image drawn on a black canvas of the given size at {@code (left, top)}, clipped. */
  GreyImage placeOn(int canvasWidth, int canvasHeight, int left, int top) {
    float[] out = new float[canvasWidth * canvasHeight];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int cx = left + x;
        int cy = top + y;
        if (cx >= 0 && cx < canvasWidth && cy >= 0 && cy < canvasHeight) {
          out[cy * canvasWidth + cx] = at(x, y);
        }
      }
    }
    return new GreyImage(canvasWidth, canvasHeight, out);
  }
}
