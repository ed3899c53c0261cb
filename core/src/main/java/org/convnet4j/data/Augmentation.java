package org.convnet4j.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Parallelism;

/**
 * Random distortions of training images, new for every step: shifts, rotations, scaling, elastic
 * distortions (Simard, Steinkraus and Platt, 2003), horizontal flips and padded random crops. Each
 * output pixel samples the input image at a moved point, bilinearly, with 0 (the background) outside
 * it; every channel of an {@code [n, h, w, c]} batch moves alike.
 *
 * <p>An image's draws depend only on the seed, the step and its place in the batch (a counter-based
 * generator, SplitMix64's mixer), so runs and resumed runs repeat on any number of threads. The
 * images are distorted on all threads into arrays this object keeps, reused from step to step.
 *
 * <p>Written as text, {@code key=value} pairs separated by commas ({@link #parse}):
 *
 * <pre>
 * shift=S     move by up to S pixels each way, any fraction (uniform in [-S, S])
 * rotate=D    rotate by up to D degrees either way about the centre
 * scale=F     zoom by a factor in [1 - F, 1 + F]
 * alpha=A     elastic distortion: a random field of displacements uniform in [-1, 1], smoothed by
 * sigma=G       a Gaussian of standard deviation G pixels (default 4), times A (Simard's MNIST:
 *               alpha=34,sigma=4)
 * flip        flip half the images left to right (not for digits)
 * crop=P      pad by P zero pixels each side and crop back at a random place: a whole-pixel shift
 *               of up to P each way (CIFAR's usual crop=4)
 * </pre>
 *
 * @param shift largest shift in pixels
 * @param rotateDegrees largest rotation in degrees
 * @param scale largest relative change of size
 * @param alpha elastic distortion's scale in pixels, 0 for none
 * @param sigma elastic distortion's smoothing in pixels
 * @param flip whether half the images are flipped left to right
 * @param crop padding of the random crop in pixels
 */
public record Augmentation(
    double shift,
    double rotateDegrees,
    double scale,
    double alpha,
    double sigma,
    boolean flip,
    int crop) {

  /** No distortion. */
  public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 4, false, 0);

  /** What {@code --augment} accepts. */
  public static final String HELP =
      "none, or key=value pairs separated by commas: shift=S (pixels, uniform in [-S, S]),"
          + " rotate=D (degrees either way), scale=F (zoom in [1 - F, 1 + F]), alpha=A and"
          + " sigma=G (elastic distortion, Simard et al. 2003: a uniform random field smoothed by"
          + " a Gaussian of G pixels, times A; MNIST: alpha=34,sigma=4), flip (half the images"
          + " left to right; not for digits), crop=P (pad by P and crop back at random, a"
          + " whole-pixel shift; CIFAR: crop=4). Training images only.";

  public Augmentation {
    if (!(shift >= 0 && rotateDegrees >= 0 && scale >= 0 && scale < 1 && alpha >= 0)
        || !(sigma > 0)
        || crop < 0) {
      throw new IllegalArgumentException(
          "augment: shift, rotate, alpha and crop must be at least 0, scale in [0, 1) and sigma"
              + " positive, got shift=%s, rotate=%s, scale=%s, alpha=%s, sigma=%s, crop=%d"
                  .formatted(shift, rotateDegrees, scale, alpha, sigma, crop));
    }
  }

  /** Whether this distorts anything. */
  public boolean isNone() {
    return shift == 0 && rotateDegrees == 0 && scale == 0 && alpha == 0 && !flip && crop == 0;
  }

  /**
   * The augmentation {@code text} describes: {@code none} or pairs as in the class comment.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static Augmentation parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.isEmpty()) {
      return NONE;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String part : t.split(",")) {
      int eq = part.indexOf('=');
      values.put(
          (eq < 0 ? part : part.substring(0, eq)).trim(), eq < 0 ? "" : part.substring(eq + 1));
    }
    boolean flip = values.containsKey("flip");
    if (flip && !values.remove("flip").isEmpty()) {
      throw new IllegalArgumentException("augment: flip takes no value, got '" + text + "'");
    }
    Augmentation a =
        new Augmentation(
            number(values, "shift", 0),
            number(values, "rotate", 0),
            number(values, "scale", 0),
            number(values, "alpha", 0),
            number(values, "sigma", 4),
            flip,
            (int) number(values, "crop", 0));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          "augment: unknown key %s; expected shift, rotate, scale, alpha, sigma, flip or crop"
              .formatted(values.keySet()));
    }
    return a;
  }

  private static double number(Map<String, String> values, String key, double fallback) {
    String v = values.remove(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "augment: %s must be a number, got '%s'".formatted(key, v.trim()), e);
    }
  }

  /** The text {@link #parse} reads back as this. */
  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    StringBuilder s = new StringBuilder();
    if (shift > 0) {
      s.append(",shift=").append(shift);
    }
    if (rotateDegrees > 0) {
      s.append(",rotate=").append(rotateDegrees);
    }
    if (scale > 0) {
      s.append(",scale=").append(scale);
    }
    if (alpha > 0) {
      s.append(",alpha=").append(alpha).append(",sigma=").append(sigma);
    }
    if (flip) {
      s.append(",flip");
    }
    if (crop > 0) {
      s.append(",crop=").append(crop);
    }
    return s.substring(1);
  }

  /** Distorts batches with this augmentation, seeded by {@code seed}. */
  public Augmenter augmenter(long seed) {
    return new Augmenter(this, seed);
  }

  /** Distorts batch after batch into arrays it keeps; not for several threads at once. */
  public static final class Augmenter {

    private final Augmentation a;
    private final long seed;
    private float[] out = new float[0];
    private float[] fields = new float[0];
    private float[] kernel = new float[0];

    Augmenter(Augmentation a, long seed) {
      this.a = a;
      this.seed = seed;
    }

    /**
     * The images of {@code batch} distorted as for training step {@code step}; the labels are
     * {@code batch}'s. The returned images live in an array this augmenter overwrites at its next
     * call.
     */
    public Batch apply(Batch batch, long step) {
      if (a.isNone()) {
        return batch;
      }
      Tensor images = batch.images();
      int[] shape = images.shape();
      int n = shape[0];
      int h = shape[1];
      int w = shape[2];
      int c = shape[3];
      float[] in = TensorAccess.data(images);
      if (out.length != in.length) {
        out = new float[in.length];
      }
      int radius = a.alpha > 0 ? (int) Math.ceil(3 * a.sigma) : 0;
      if (a.alpha > 0 && fields.length != n * 3 * h * w) {
        fields = new float[n * 3 * h * w];
      }
      if (kernel.length != 2 * radius + 1) {
        kernel = gaussian(a.sigma, radius);
      }
      Parallelism.forEach(n, i -> distort(in, i, step * n + i, h, w, c, radius));
      return new Batch(TensorAccess.wrap(out, shape), batch.labels());
    }

    // Image i of the batch; `draw` numbers it over the run, keying its random numbers.
    private void distort(float[] in, int i, long draw, int h, int w, int c, int radius) {
      long key = mix(seed ^ mix(draw));
      double angle = Math.toRadians(a.rotateDegrees) * uniform(key, 0);
      double zoom = 1 + a.scale * uniform(key, 1);
      double ty = a.shift * uniform(key, 2) + cropOffset(key, 3);
      double tx = a.shift * uniform(key, 4) + cropOffset(key, 5);
      boolean mirror = a.flip && uniform(key, 6) < 0;
      int plane = h * w;
      int base = i * 3 * plane;
      if (a.alpha > 0) {
        displacements(key, base, plane, h, w, radius);
      }
      float[] field = a.alpha > 0 ? fields : null;
      warp(in, out, i * plane * c, h, w, c, angle, zoom, ty, tx, mirror, field, base);
    }

    // A crop of the image padded by P at offset k in [0, 2P] (each equally likely) is a shift
    // by P - k.
    private int cropOffset(long key, long index) {
      int choices = 2 * a.crop + 1;
      return Math.min(choices - 1, (int) ((uniform(key, index) + 1) / 2 * choices)) - a.crop;
    }

    // Simard's field: uniform in [-1, 1] per pixel and axis, blurred by a Gaussian (separably,
    // zero outside), times alpha. Slots: dy, dx, and a third plane for the blur's first pass.
    private void displacements(long key, int base, int plane, int h, int w, int radius) {
      int tmp = base + 2 * plane;
      for (int axis = 0; axis < 2; axis++) {
        int field = base + axis * plane;
        for (int p = 0; p < plane; p++) {
          fields[field + p] = (float) uniform(key, 16 + 2L * p + axis);
        }
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
              int xx = x + k;
              if (xx >= 0 && xx < w) {
                sum += kernel[k + radius] * fields[field + y * w + xx];
              }
            }
            fields[tmp + y * w + x] = (float) sum;
          }
        }
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
              int yy = y + k;
              if (yy >= 0 && yy < h) {
                sum += kernel[k + radius] * fields[tmp + yy * w + x];
              }
            }
            fields[field + y * w + x] = (float) (a.alpha * sum);
          }
        }
      }
    }

  }

  /**
   * Moves one {@code [h, w, c]} image starting at {@code image} of {@code in} into the same place
   * of {@code out}: output point {@code p} takes the input at {@code R(-angle) (p - centre - t) /
   * zoom + centre}, plus the displacement {@code (fields[base + p], fields[base + h*w + p])} when
   * {@code fields} is given, then mirrored left to right if {@code mirror}; sampled bilinearly, 0
   * outside. The centre is {@code ((h - 1) / 2, (w - 1) / 2)}.
   */
  static void warp(
      float[] in,
      float[] out,
      int image,
      int h,
      int w,
      int c,
      double angle,
      double zoom,
      double ty,
      double tx,
      boolean mirror,
      float[] fields,
      int base) {
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    double cos = Math.cos(angle) / zoom;
    double sin = Math.sin(angle) / zoom;
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double oy = y - cy - ty;
        double ox = x - cx - tx;
        double sy = cos * oy - sin * ox + cy;
        double sx = sin * oy + cos * ox + cx;
        if (fields != null) {
          sy += fields[base + y * w + x];
          sx += fields[base + plane + y * w + x];
        }
        if (mirror) {
          sx = w - 1 - sx;
        }
        sample(in, out, image, h, w, c, sy, sx, image + (y * w + x) * c);
      }
    }
  }

  // Bilinear sample of every channel at (sy, sx), 0 outside the image.
  private static void sample(
      float[] in, float[] out, int image, int h, int w, int c, double sy, double sx, int target) {
      int y0 = (int) Math.floor(sy);
      int x0 = (int) Math.floor(sx);
      double fy = sy - y0;
      double fx = sx - x0;
      for (int ch = 0; ch < c; ch++) {
        double v =
            (1 - fy) * ((1 - fx) * pixel(in, image, h, w, c, y0, x0, ch)
                    + fx * pixel(in, image, h, w, c, y0, x0 + 1, ch))
                + fy * ((1 - fx) * pixel(in, image, h, w, c, y0 + 1, x0, ch)
                    + fx * pixel(in, image, h, w, c, y0 + 1, x0 + 1, ch));
        out[target + ch] = (float) v;
      }
    }

  private static float pixel(float[] in, int image, int h, int w, int c, int y, int x, int ch) {
    return y < 0 || y >= h || x < 0 || x >= w ? 0 : in[image + (y * w + x) * c + ch];
  }

  /** A normalised Gaussian of {@code 2 * radius + 1} taps. */
  static float[] gaussian(double sigma, int radius) {
    float[] k = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += Math.exp(-i * i / (2 * sigma * sigma));
    }
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
    }
    return k;
  }

  /** The {@code index}th number of stream {@code key}, uniform in [-1, 1). */
  static double uniform(long key, long index) {
    return (mix(key + 0x9E3779B97F4A7C15L * (index + 1)) >>> 11) * 0x1.0p-52 - 1;
  }

  // SplitMix64's finaliser (Steele, Lea and Flood, 2014).
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
