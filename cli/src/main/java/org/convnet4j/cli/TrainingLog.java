package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training run logged for its report: loss and accuracy of every training step, and
 * the figures of every epoch.
 */
final class TrainingLog {

  /** One training step: its number (from 1), the batch's loss and accuracy. */
  record Step(long step, double loss, double accuracy) {}

  /**
   * The end of one epoch.
   *
   * @param epoch from 1
   * @param step the step it ended on
   * @param trainingLoss mean training loss over the epoch
   * @param validationAccuracy accuracy on the validation set after it
   * @param imagesPerSecond training throughput
   * @param seconds wall time of the epoch
   */
  record Epoch(
      int epoch,
      long step,
      double trainingLoss,
      double validationAccuracy,
      double imagesPerSecond,
      double seconds) {}

  private final List<Step> steps = new ArrayList<>();
  private final List<Epoch> epochs = new ArrayList<>();

  void addStep(Step step) {
    steps.add(step);
  }

  void addEpoch(Epoch epoch) {
    epochs.add(epoch);
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  List<Epoch> epochs() {
    return List.copyOf(epochs);
  }
}
