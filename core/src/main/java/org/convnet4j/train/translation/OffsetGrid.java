package org.convnet4j.train.translation;

/**
 * The test positions: {@code points} offsets per axis spread evenly from 0 to the canvas's largest
 * offset, both ends included, so the grid covers the whole canvas; {@code points x points}
 * positions in all. With an odd count and an even largest offset (40x40: 0 to 12) the centre is on
 * the grid.
 *
 * @param maxOffset the canvas's largest offset
 * @param points offsets per axis, 2 to {@code maxOffset + 1}
 */
public record OffsetGrid(int maxOffset, int points) {

  public OffsetGrid {
    if (points < 2 || points > maxOffset + 1) {
      throw new IllegalArgumentException(
          "offset grid: %d points per axis on offsets 0 to %d, expected 2 to %d"
              .formatted(points, maxOffset, maxOffset + 1));
    }
  }

  /** The grid for {@code canvas}. */
  public static OffsetGrid of(Canvas canvas, int points) {
    return new OffsetGrid(canvas.maxOffset(), points);
  }

  /** The offsets along one axis, ascending: {@code round(i * maxOffset / (points - 1))}. */
  public int[] offsets() {
    int[] offsets = new int[points];
    for (int i = 0; i < points; i++) {
      offsets[i] = (int) Math.round((double) i * maxOffset / (points - 1));
    }
    return offsets;
  }

  /** Index of the grid offset nearest to {@code offset}. */
  public int nearestIndex(int offset) {
    int[] offsets = offsets();
    int best = 0;
    for (int i = 1; i < points; i++) {
      if (Math.abs(offsets[i] - offset) < Math.abs(offsets[best] - offset)) {
        best = i;
      }
    }
    return best;
  }
}
