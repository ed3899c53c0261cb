package org.convnet4j.train;

/**
 * What a training run is about to do, for a progress bar's total and ETA.
 *
 * @param firstEpoch the epoch training starts at: 1, or later when resuming
 * @param epochs the last epoch
 * @param stepsPerEpoch steps in every epoch
 * @param batchSize examples per step
 * @param trainingExamples size of the training split
 */
public record TrainingPlan(
    int firstEpoch, int epochs, int stepsPerEpoch, int batchSize, int trainingExamples) {

  /** Steps still to run. */
  public long remainingSteps() {
    return (long) (epochs - firstEpoch + 1) * stepsPerEpoch;
  }
}
