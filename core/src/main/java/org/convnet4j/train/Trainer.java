package org.convnet4j.train;

import java.io.IOException;
import org.convnet4j.data.Batcher;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;

/**
 * Trains a model epoch by epoch. An epoch is {@code ceil(trainingExamples / batchSize)} steps of
 * {@link Batcher#nextBatch} (the last batch of an epoch may reach into the next one, as
 * TensorFlow's {@code next_batch} does); after it, the model is evaluated on the validation split,
 * the {@link EpochEndAction} runs, and listeners hear of it.
 *
 * <p>Everything random (initial weights, dropout masks, shuffling) is seeded, and each step's
 * dropout mask depends only on the step, so training with the same seeds is repeatable, and
 * continuing a {@link TrainingHistory} restored from a checkpoint repeats an uninterrupted run.
 */
public final class Trainer {

  private final Sequential model;
  private final Optimizer optimizer;
  private final TrainingListener listener;
  private final TrainingEngine engine;
  private final TrainingConfig config;

  /** A trainer updating {@code model}'s variables with {@code optimizer}, on this machine. */
  public Trainer(Sequential model, Optimizer optimizer, TrainingListener listener) {
    this(model, optimizer, listener, TrainingEngine.LOCAL, null);
  }

  /**
   * A trainer whose steps {@code engine} runs.
   *
   * @param config the run's settings, for engines that need them (see {@link TrainingEngine#start})
   */
  public Trainer(
      Sequential model,
      Optimizer optimizer,
      TrainingListener listener,
      TrainingEngine engine,
      TrainingConfig config) {
    this.model = model;
    this.optimizer = optimizer;
    this.listener = listener;
    this.engine = engine;
    this.config = config;
  }

  /**
   * Trains for {@code epochs} epochs from the start, writing nothing.
   *
   * @param shuffleSeed seeds the order of training examples
   * @return what was measured
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainingHistory fit(
      DataSplit train, DataSplit validation, int epochs, int batchSize, long shuffleSeed) {
    TrainingHistory history = new TrainingHistory();
    try {
      fit(train, validation, epochs, batchSize, shuffleSeed, history, EpochEndAction.NONE);
    } catch (IOException e) {
      throw new AssertionError("EpochEndAction.NONE does no I/O", e);
    }
    return history;
  }

  /**
   * Continues training from the epochs {@code history} has completed up to {@code lastEpoch}. The
   * model and optimizer must be in the state they had at the end of those epochs (as a checkpoint
   * restores them), and {@code train}, {@code batchSize} and {@code shuffleSeed} the ones used
   * then.
   *
   * @param history the run so far; steps and epochs are added to it
   * @param afterEpoch runs after each epoch, before listeners hear of it (saves checkpoints)
   * @throws TrainingDivergedException if the loss becomes NaN or infinite; {@code history} then
   *     ends at the last completed epoch
   * @throws IOException if {@code afterEpoch} fails
   */
  public void fit(
      DataSplit train,
      DataSplit validation,
      int lastEpoch,
      int batchSize,
      long shuffleSeed,
      TrainingHistory history,
      EpochEndAction afterEpoch)
      throws IOException {
    if (batchSize < 1 || batchSize > train.size()) {
      throw new IllegalArgumentException(
          "batch size: must be in 1..%d (the training set's size), got %d"
              .formatted(train.size(), batchSize));
    }
    // As Batcher.batchesPerEpoch: the last batch of an epoch may reach into the next one.
    int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
    if (history.stepCount() != history.completedEpochs() * stepsPerEpoch) {
      throw new IllegalArgumentException(
          "trainer: the history has %d steps for %d epochs, expected %d per epoch"
              .formatted(history.stepCount(), history.completedEpochs(), stepsPerEpoch));
    }
    int firstEpoch = history.completedEpochs() + 1;
    TrainingEngine.Steps steps =
        engine.start(
            config, model, optimizer, train, batchSize, shuffleSeed, history.stepCount());
    listener.onStart(
        new TrainingPlan(firstEpoch, lastEpoch, stepsPerEpoch, batchSize, train.size()));
    for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      EpochMetrics metrics =
          runEpoch(epoch, steps, stepsPerEpoch, batchSize, validation, history);
      history.addEpoch(metrics);
      optimizer.schedule().epochEnded(metrics.validationAccuracy());
      afterEpoch.epochEnded(history);
      listener.onEpoch(metrics);
    }
  }

  private EpochMetrics runEpoch(
      int epoch,
      TrainingEngine.Steps steps,
      int stepsPerEpoch,
      int batchSize,
      DataSplit validation,
      TrainingHistory history) {
    long start = System.nanoTime();
    double lossSum = 0;
    for (int b = 1; b <= stepsPerEpoch; b++) {
      long globalStep = history.stepCount();
      TrainingStep.Result r = steps.run(globalStep, stepsPerEpoch - b + 1);
      if (!Float.isFinite(r.loss())) {
        history.truncateSteps(history.completedEpochs() * stepsPerEpoch);
        throw new TrainingDivergedException(epoch, b, globalStep + 1, r.loss(), null);
      }
      history.addStep(r.loss(), r.accuracy());
      lossSum += r.loss();
      double seconds = (System.nanoTime() - start) / 1e9;
      listener.onStep(
          new StepMetrics(
              epoch,
              b,
              stepsPerEpoch,
              globalStep + 1,
              r.loss(),
              r.accuracy(),
              (double) b * batchSize / seconds));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double validationAccuracy = Evaluation.of(model, validation).accuracy();
    return new EpochMetrics(
        epoch,
        lossSum / stepsPerEpoch,
        validationAccuracy,
        (double) stepsPerEpoch * batchSize / seconds,
        seconds);
  }
}
