package org.convnet4j.train;

import org.convnet4j.nn.Sequential;

/**
 * Hears how training goes, for progress bars, logs and reports. Every method has an empty default,
 * so implement only what you need. Calls come on the training thread, in this order:
 *
 * <pre>
 * onMessage(line)   while the data is read: what was held out, decoded, read from the cache
 * onModel(model)
 * onStart(plan)
 * for each epoch:  onStep(...) once per step, then onEpoch(...)   (after its checkpoint is saved)
 * onTestEvaluation(evaluation)   once, after the last epoch
 * </pre>
 *
 * <p>A listener must be quick (it runs between steps) and must not throw; it sees every step, so it
 * decides itself how often to print.
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** A line about the data before training starts, e.g. that a test split was held out. */
  default void onMessage(String line) {}

  /**
   * The model about to train, its architecture final: a fresh run's initial weights, a resumed
   * run's from its checkpoint. Keep it to record the architecture, not to change it.
   */
  default void onModel(Sequential model) {}

  /** Training starts, or resumes at {@code plan.firstEpoch()}. */
  default void onStart(TrainingPlan plan) {}

  /** A step finished. */
  default void onStep(StepMetrics step) {}

  /** An epoch finished, validation included. */
  default void onEpoch(EpochMetrics epoch) {}

  /** The trained model was evaluated on the test split. */
  default void onTestEvaluation(Evaluation test) {}

  /**
   * Asked after every step: {@code true} stops training there (as on SIGTERM), with a checkpoint
   * that resumes the run. Must be quick.
   */
  default boolean shouldStop() {
    return false;
  }
}
