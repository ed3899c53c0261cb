package org.convnet4j.train;

/**
 * Decides when training stops before its last step: the step limit, the time limit and a
 * listener's request after every step, the target accuracy and early stopping after every epoch. Early stopping follows
 * Keras' {@code EarlyStopping} on validation accuracy: each epoch counts one more epoch of waiting
 * unless its accuracy beats the best so far by more than the minimum delta (which resets the wait);
 * after the first epoch, a wait that reaches the patience stops training. Its state depends only on
 * the validation accuracies so far, so a resumed run replays them.
 */
final class Stopping {

  private final TrainingOptions options;
  private final TrainingListener listener;
  private long startNanos;
  private double best = Double.NEGATIVE_INFINITY;
  private int wait;
  private int epochs;

  Stopping(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
  }

  /** Starts the clock and replays the epochs {@code history} has done. */
  void start(TrainingHistory history) {
    startNanos = System.nanoTime();
    for (EpochMetrics e : history.epochs()) {
      earlyStop(e.validationAccuracy());
    }
  }

  /** Why to stop after the step just done, the run's {@code steps}th, or {@code null} to go on. */
  StopReason afterStep(long steps) {
    if (options.maxSteps() > 0 && steps >= options.maxSteps()) {
      return StopReason.STEP_LIMIT;
    }
    if (listener.shouldStop()) {
      return StopReason.INTERRUPTED;
    }
    double limit = options.timeLimitSeconds();
    if (limit > 0 && (System.nanoTime() - startNanos) / 1e9 >= limit) {
      return StopReason.TIME_LIMIT;
    }
    return null;
  }

  /** Why to stop after an epoch of {@code validationAccuracy}, or {@code null} to go on. */
  StopReason afterEpoch(double validationAccuracy) {
    if (earlyStop(validationAccuracy)) {
      return StopReason.EARLY_STOPPING;
    }
    double target = options.targetAccuracy();
    return target > 0 && validationAccuracy >= target ? StopReason.TARGET_ACCURACY : null;
  }

  // Keras' EarlyStopping.on_epoch_end, mode 'max', no baseline.
  private boolean earlyStop(double accuracy) {
    int epoch = epochs++;
    if (options.patience() < 0) {
      return false;
    }
    wait++;
    if (accuracy - options.minDelta() > best) {
      best = accuracy;
      wait = 0;
      return false;
    }
    return wait >= options.patience() && epoch > 0;
  }
}
