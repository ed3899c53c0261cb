package org.convnet4j.train.translation;

import java.util.SplittableRandom;

/**
 * Where the training digits are placed on the canvas: a rectangle of allowed offsets {@code (top,
 * left)}, drawn from uniformly. A test position's distance from the regime is its distance in
 * pixels from the nearest allowed offset.
 */
public enum Regime {
  /** Every training digit at the centre. */
  CENTRED("centred", "digits centred only"),
  /**
   * Digits whose centre lies in the left half of the canvas (left offset up to {@code size / 2 -
   * 15}, so the centre column {@code size / 2} is never reached), at any height.
   */
  LEFT_HALF("left-half", "digits only in the left half"),
  /** Digits at any offset. */
  ANYWHERE("anywhere", "digits anywhere");

  private final String cliName;
  private final String description;

  Regime(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  /** The name in options and metrics.json: {@code centred}, {@code left-half}, {@code anywhere}. */
  public String cliName() {
    return cliName;
  }

  /** In words, for the page: {@code digits centred only}. */
  public String description() {
    return description;
  }

  /**
   * {@code {topMin, topMax, leftMin, leftMax}}, inclusive, of the offsets this regime trains on.
   */
  public int[] region(Canvas canvas) {
    int c = canvas.centre();
    int max = canvas.maxOffset();
    return switch (this) {
      case CENTRED -> new int[] {c, c, c, c};
      // The digit's centre column, left + 14, stays left of the canvas's middle, size / 2.
      case LEFT_HALF ->
          new int[] {0, max, 0, Math.max(0, canvas.size() / 2 - Canvas.DIGIT / 2 - 1)};
      case ANYWHERE -> new int[] {0, max, 0, max};
    };
  }

  /** A training offset {@code {top, left}} drawn uniformly from the region. */
  public int[] sample(Canvas canvas, SplittableRandom random) {
    int[] r = region(canvas);
    return new int[] {random.nextInt(r[0], r[1] + 1), random.nextInt(r[2], r[3] + 1)};
  }

  /** Euclidean distance in pixels from {@code (top, left)} to the nearest trained offset. */
  public double distance(Canvas canvas, int top, int left) {
    int[] r = region(canvas);
    int dy = Math.max(0, Math.max(r[0] - top, top - r[1]));
    int dx = Math.max(0, Math.max(r[2] - left, left - r[3]));
    return Math.sqrt(dy * dy + dx * dx);
  }

  /** The regime named {@code name} ({@link #cliName()}). */
  public static Regime parse(String name) {
    return CliNames.parse("regime", values(), Regime::cliName, name);
  }
}
