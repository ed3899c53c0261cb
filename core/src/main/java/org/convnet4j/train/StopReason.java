package org.convnet4j.train;

import java.util.Locale;

/** Why training ended, as {@code metrics.json}'s {@code stop_reason} and the report say it. */
public enum StopReason {
  /** All epochs ran. */
  COMPLETED,
  /** Early stopping: validation accuracy stopped improving for the patience's epochs. */
  EARLY_STOPPING,
  /** Validation accuracy reached the target. */
  TARGET_ACCURACY,
  /** The step limit ({@link TrainingOptions#maxSteps()}) was reached. */
  STEP_LIMIT,
  /** The time limit passed; the checkpoint resumes the run. */
  TIME_LIMIT,
  /** Someone asked to stop (SIGTERM, Ctrl-C); the checkpoint resumes the run. */
  INTERRUPTED;

  /** {@code completed}, {@code early_stopping}, ... */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the run stopped before its last epoch and a resume continues it as if it had not. */
  public boolean resumable() {
    return this == TIME_LIMIT || this == INTERRUPTED;
  }
}
