package org.convnet4j.train;

import java.io.IOException;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
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
  // Validation's arrays, kept from one epoch to the next (Evaluation says why).
  private final Workspace validationWorkspace = new Workspace();

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
   * @param history the run so far, which may end inside an epoch (a run stopped by a time limit or
   *     a signal); steps and epochs are added to it, and its {@link TrainingHistory#stopReason()}
   *     says why training ended
   * @param afterEpoch runs after each epoch, before listeners hear of it, and when training stops
   *     inside an epoch (saves checkpoints)
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
    // A run stopped mid-epoch (time limit, SIGTERM) resumes inside that epoch.
    int doneInEpoch = history.stepCount() - history.completedEpochs() * stepsPerEpoch;
    if (doneInEpoch < 0 || doneInEpoch >= stepsPerEpoch) {
      throw new IllegalArgumentException(
          "trainer: the history has %d steps for %d epochs, expected %d per epoch"
              .formatted(history.stepCount(), history.completedEpochs(), stepsPerEpoch));
    }
    history.setStepsPerEpoch(stepsPerEpoch);
    history.setStopReason(null);
    history.setUnfinishedEpochSeconds(0);
    int firstEpoch = history.completedEpochs() + 1;
    TrainingEngine.Steps steps =
        engine.start(
            config, model, optimizer, train, batchSize, shuffleSeed, history.stepCount());
    listener.onModel(model);
    listener.onStart(
        new TrainingPlan(firstEpoch, lastEpoch, stepsPerEpoch, batchSize, train.size()));
    // Without a config (the plain constructor), training stops early only when the listener asks.
    TrainingOptions options = config != null ? config.options() : TrainingOptions.of("constant");
    Stopping stopping = new Stopping(options, listener);
    stopping.start(history);
    if (options.maxSteps() > 0 && history.stepCount() >= options.maxSteps()) {
      history.setStopReason(StopReason.STEP_LIMIT);
      return;
    }
    for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      EpochMetrics metrics =
          runEpoch(epoch, steps, stepsPerEpoch, batchSize, validation, history, stopping);
      if (metrics == null) {
        afterEpoch.epochEnded(history);
        return;
      }
      history.addEpoch(metrics);
      optimizer.schedule().epochEnded(metrics.validationAccuracy());
      StopReason stop = stopping.afterEpoch(metrics.validationAccuracy());
      if (stop == null && epoch < lastEpoch) {
        stop = stopping.afterStep(history.stepCount());
      }
      history.setStopReason(stop != null ? stop : epoch == lastEpoch ? StopReason.COMPLETED : null);
      afterEpoch.epochEnded(history);
      listener.onEpoch(metrics);
      if (stop != null) {
        return;
      }
    }
    if (history.stopReason() == null) {
      history.setStopReason(StopReason.COMPLETED);
    }
  }

  private EpochMetrics runEpoch(
      int epoch,
      TrainingEngine.Steps steps,
      int stepsPerEpoch,
      int batchSize,
      DataSplit validation,
      TrainingHistory history,
      Stopping stopping) {
    long start = System.nanoTime();
    int first = history.stepCount() - history.completedEpochs() * stepsPerEpoch + 1;
    for (int b = first; b <= stepsPerEpoch; b++) {
      long globalStep = history.stepCount();
      TrainingStep.Result r = steps.run(globalStep, stepsPerEpoch - b + 1);
      if (!Float.isFinite(r.loss())) {
        history.truncateSteps(history.completedEpochs() * stepsPerEpoch);
        throw new TrainingDivergedException(epoch, b, globalStep + 1, r.loss(), null);
      }
      history.addStep(r.loss(), r.accuracy());
      double seconds = (System.nanoTime() - start) / 1e9;
      listener.onStep(
          new StepMetrics(
              epoch,
              b,
              stepsPerEpoch,
              globalStep + 1,
              r.loss(),
              r.accuracy(),
              (double) (b - first + 1) * batchSize / seconds));
      StopReason stop = b < stepsPerEpoch ? stopping.afterStep(history.stepCount()) : null;
      if (stop != null) {
        history.setStopReason(stop);
        history.setUnfinishedEpochSeconds(seconds);
        return null;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // With a moving average of the weights, validation measures the average (Keras' use_ema).
    optimizer.swapAverages(model.variables());
    double validationAccuracy;
    try {
      validationAccuracy = Evaluation.of(model, validation, validationWorkspace).accuracy();
    } finally {
      optimizer.swapAverages(model.variables());
    }
    // The epoch's losses from the history: part of them may come from before a resume.
    float[] losses = history.stepLosses();
    double lossSum = 0;
    for (int i = losses.length - stepsPerEpoch; i < losses.length; i++) {
      lossSum += losses[i];
    }
    return new EpochMetrics(
        epoch,
        lossSum / stepsPerEpoch,
        validationAccuracy,
        (double) (stepsPerEpoch - first + 1) * batchSize / seconds,
        seconds);
  }
}
