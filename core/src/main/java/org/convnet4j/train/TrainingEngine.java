package org.convnet4j.train;

import java.util.Map;
import org.convnet4j.data.Augmentation;
import org.convnet4j.data.Batcher;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;

/**
 * Where a {@link Trainer}'s steps run. The trainer keeps the loop over epochs, the history,
 * validation, checkpoints and listeners; an engine only runs steps: {@link #LOCAL} runs {@link
 * TrainingStep} on this machine on the {@link Batcher}'s batches, the {@code spark} module's engine
 * on a cluster. Whatever the engine, the model and optimizer given to {@link #start} hold the
 * state after each step it reports, so checkpoints and validation see them as usual.
 */
public interface TrainingEngine {

  /** Steps on this machine: batch {@code t} of the {@link Batcher}, one {@link TrainingStep}. */
  TrainingEngine LOCAL =
      (config, model, optimizer, train, batchSize, shuffleSeed, stepsDone) -> {
        Batcher batcher = new Batcher(train, shuffleSeed, stepsDone * batchSize);
        TrainingStep step = new TrainingStep(model, optimizer);
        // The config's label smoothing and augmentation (a plain Trainer has no config); each
        // batch is distorted as for its step, so a resumed run distorts as the uninterrupted one.
        Augmentation augment = config == null ? Augmentation.NONE : config.options().augment();
        if (config != null) {
          step.withLabelSmoothing((float) config.options().labelSmoothing());
        }
        if (augment.isNone()) {
          return (globalStep, remainingInEpoch) ->
              step.run(batcher.nextBatch(batchSize), globalStep);
        }
        Augmentation.Augmenter augmenter = augment.augmenter(config.augmentSeed());
        return (globalStep, remainingInEpoch) ->
            step.run(augmenter.apply(batcher.nextBatch(batchSize), globalStep), globalStep);
      };

  /**
   * Prepares to train {@code model} with {@code optimizer} from step {@code stepsDone} (0 for a
   * fresh run).
   *
   * @param config the run's settings (data set, data folder, preset), or {@code null} when the
   *     trainer runs outside a {@link TrainingRun}; engines that need it must say so
   * @param train the training split, on this machine
   * @param shuffleSeed seeds the order of training examples
   */
  Steps start(
      TrainingConfig config,
      Sequential model,
      Optimizer optimizer,
      DataSplit train,
      int batchSize,
      long shuffleSeed,
      long stepsDone);

  /**
   * What the engine measured, for {@code metrics.json}'s {@code engine} object: values are strings,
   * numbers, lists and maps of them. Empty (and not written) for {@link #LOCAL}.
   */
  default Map<String, Object> describe() {
    return Map.of();
  }

  /**
   * What a resumed run needs, beyond its {@link TrainingConfig}, to run its steps as this engine
   * did (a cluster's partitions, say): saved with every checkpoint ({@link
   * Checkpoint#engineSettings()}), and {@link TrainingRun#resume(java.nio.file.Path, int,
   * TrainingEngine, TrainingListener)} refuses an engine whose settings differ. Empty for {@link
   * #LOCAL}.
   */
  default Map<String, String> settings() {
    return Map.of();
  }

  /** Runs the steps of one training run, in order. */
  interface Steps {

    /**
     * Runs global step {@code step} (from 0) and leaves the model and optimizer updated.
     *
     * @param remainingInEpoch the steps left in the epoch, this one included: an engine that runs
     *     several steps at once runs no more than these, so an epoch ends on a complete model
     */
    TrainingStep.Result run(long step, int remainingInEpoch);
  }
}
