package org.convnet4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a run measured so far: each step's loss and batch accuracy, and each epoch's metrics.
 * Checkpoints carry it, so a resumed run's {@code metrics.json} covers the whole run.
 */
public final class TrainingHistory {

  private final List<EpochMetrics> epochs = new ArrayList<>();
  private float[] stepLosses = new float[1024];
  private float[] stepAccuracies = new float[1024];
  private int steps;
  private int stepsPerEpoch;
  private StopReason stopReason;
  private double unfinishedEpochSeconds;

  /** Records one step. */
  public void addStep(float loss, float accuracy) {
    if (steps == stepLosses.length) {
      stepLosses = Arrays.copyOf(stepLosses, steps * 2);
      stepAccuracies = Arrays.copyOf(stepAccuracies, steps * 2);
    }
    stepLosses[steps] = loss;
    stepAccuracies[steps] = accuracy;
    steps++;
  }

  /**
   * Records one epoch.
   *
   * @throws IllegalArgumentException if it is not the epoch after the last one recorded
   */
  public void addEpoch(EpochMetrics epoch) {
    if (epoch.epoch() != epochs.size() + 1) {
      throw new IllegalArgumentException(
          "history: expected epoch %d, got %d".formatted(epochs.size() + 1, epoch.epoch()));
    }
    epochs.add(epoch);
  }

  /** The epochs completed, in order. */
  public List<EpochMetrics> epochs() {
    return List.copyOf(epochs);
  }

  /** Number of epochs completed. */
  public int completedEpochs() {
    return epochs.size();
  }

  /** Number of steps run. */
  public int stepCount() {
    return steps;
  }

  /** Each step's loss, in order; a copy. */
  public float[] stepLosses() {
    return Arrays.copyOf(stepLosses, steps);
  }

  /** Each step's batch accuracy, in order; a copy. */
  public float[] stepAccuracies() {
    return Arrays.copyOf(stepAccuracies, steps);
  }

  /** Steps in every epoch, once training has started (0 before). */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  void setStepsPerEpoch(int n) {
    stepsPerEpoch = n;
  }

  /**
   * Seconds of training since the last completed epoch, when training stopped inside an epoch
   * (this sitting's share only, for a resumed run); 0 otherwise.
   */
  public double unfinishedEpochSeconds() {
    return unfinishedEpochSeconds;
  }

  void setUnfinishedEpochSeconds(double seconds) {
    unfinishedEpochSeconds = seconds;
  }

  /** Seconds of training steps: the epochs' and those of an epoch stopped inside. */
  public double trainingSeconds() {
    double seconds = unfinishedEpochSeconds;
    for (EpochMetrics e : epochs) {
      seconds += e.seconds();
    }
    return seconds;
  }

  /** Why training ended, or {@code null} while it runs. */
  public StopReason stopReason() {
    return stopReason;
  }

  void setStopReason(StopReason reason) {
    stopReason = reason;
  }

  /** The epoch with the highest validation accuracy (the first of equals), or 0 before any. */
  public int bestEpoch() {
    int best = 0;
    for (EpochMetrics e : epochs) {
      if (best == 0 || e.validationAccuracy() > epochs.get(best - 1).validationAccuracy()) {
        best = e.epoch();
      }
    }
    return best;
  }

  /** Forgets the steps after the first {@code count}: those of an epoch that did not finish. */
  void truncateSteps(int count) {
    steps = Math.min(steps, count);
  }
}
