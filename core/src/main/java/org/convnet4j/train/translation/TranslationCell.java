package org.convnet4j.train.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one network trained in one regime on one training-set size measured.
 *
 * @param accuracy {@code [topIndex][leftIndex]} test accuracy at each grid position, in {@code [0,
 *     1]}
 * @param flipRate over every grid position and test digit: the fraction whose prediction changes
 *     when the digit moves one pixel right (left at the right edge)
 * @param parameters trained parameters
 * @param parametersWithoutSharing what they would be if no weight were shared
 * @param trainSeconds wall-clock training time (validation included)
 * @param finalTrainLoss mean loss of the last epoch
 */
public record TranslationCell(
    int trainSize,
    Regime regime,
    TranslationNetwork network,
    double[][] accuracy,
    double flipRate,
    long parameters,
    long parametersWithoutSharing,
    double trainSeconds,
    double finalTrainLoss) {

  /** One point of accuracy against distance: the mean over grid positions at that distance. */
  public record DistancePoint(double distance, double accuracy, int positions) {}

  /** Accuracy at the grid position nearest the centre. */
  public double centredAccuracy(Canvas canvas, OffsetGrid grid) {
    int i = grid.nearestIndex(canvas.centre());
    return accuracy[i][i];
  }

  /** Mean accuracy over the grid: the canvas as a whole. */
  public double meanAccuracy() {
    double sum = 0;
    int n = 0;
    for (double[] row : accuracy) {
      for (double a : row) {
        sum += a;
        n++;
      }
    }
    return sum / n;
  }

  /** Lowest accuracy on the grid. */
  public double minAccuracy() {
    double min = 1;
    for (double[] row : accuracy) {
      for (double a : row) {
        min = Math.min(min, a);
      }
    }
    return min;
  }

  /** Mean accuracy over grid positions the regime trained on (distance 0). */
  public double trainedAccuracy(Canvas canvas, OffsetGrid grid) {
    return byDistance(canvas, grid).getFirst().accuracy();
  }

  /**
   * Accuracy against distance from the trained positions: grid positions grouped by their distance
   * rounded to the nearest pixel, nearest first.
   */
  public List<DistancePoint> byDistance(Canvas canvas, OffsetGrid grid) {
    int[] offsets = grid.offsets();
    Map<Long, double[]> sums = new TreeMap<>();
    for (int i = 0; i < offsets.length; i++) {
      for (int j = 0; j < offsets.length; j++) {
        long d = Math.round(regime.distance(canvas, offsets[i], offsets[j]));
        double[] s = sums.computeIfAbsent(d, k -> new double[2]);
        s[0] += accuracy[i][j];
        s[1]++;
      }
    }
    List<DistancePoint> points = new ArrayList<>();
    sums.forEach((d, s) -> points.add(new DistancePoint(d, s[0] / s[1], (int) s[1])));
    return points;
  }

  /** Mean accuracy at the grid positions farthest from the trained ones. */
  public DistancePoint farthest(Canvas canvas, OffsetGrid grid) {
    return byDistance(canvas, grid).getLast();
  }
}
