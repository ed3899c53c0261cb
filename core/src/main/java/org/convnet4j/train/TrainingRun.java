package org.convnet4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.Threads;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;

/**
 * A whole training run as {@code convnet4j train} does it: load the data, build the preset's model,
 * train, save a checkpoint and {@code metrics.json} after every epoch, evaluate on the test split.
 * With an output folder, it holds {@value Checkpoint#FILE_NAME} and {@value MetricsFile#FILE_NAME}.
 *
 * <pre>{@code
 * TrainingResult r = TrainingRun.start(
 *     TrainingConfig.defaults().withEpochs(2).withOutputDir(Path.of("runs/first")),
 *     TrainingListener.NONE);
 * System.out.println(r.test().accuracy());
 * }</pre>
 */
public final class TrainingRun {

  private TrainingRun() {}

  /**
   * Trains a fresh model of the preset's architecture on the configured data set.
   *
   * @throws IOException if the data cannot be loaded or a file cannot be written
   * @throws IllegalArgumentException if the output folder already holds a checkpoint (resume it or
   *     choose another folder: nothing is overwritten)
   * @throws TrainingDivergedException if the loss becomes NaN or infinite; the last completed
   *     epoch's checkpoint and metrics stay on disk
   */
  public static TrainingResult start(TrainingConfig config, TrainingListener listener)
      throws IOException {
    return start(config, TrainingEngine.LOCAL, listener);
  }

  /**
   * {@link #start(TrainingConfig, TrainingListener)} with the steps run by {@code engine} (on a
   * cluster, for instance); everything else as on one machine.
   */
  public static TrainingResult start(
      TrainingConfig config, TrainingEngine engine, TrainingListener listener)
      throws IOException {
    requireNoCheckpoint(config);
    DataSets data = loadWhileWarmingUp(config);
    Sequential model = config.preset().model(config.modelSeed());
    Optimizer optimizer = config.optimizer().create(config.learningRate());
    return run(config, data, model, optimizer, new TrainingHistory(), engine, listener);
  }

  /**
   * Trains {@code model} on {@code data}, any model and any data; {@code config}'s data set, data
   * folder and the preset's initialisation are not used, its other settings are.
   *
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if the output folder already holds a checkpoint
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public static TrainingResult start(
      TrainingConfig config, DataSets data, Sequential model, TrainingListener listener)
      throws IOException {
    requireNoCheckpoint(config);
    Optimizer optimizer = config.optimizer().create(config.learningRate());
    return run(
        config, data, model, optimizer, new TrainingHistory(), TrainingEngine.LOCAL, listener);
  }

  /**
   * Continues the run saved in {@code runDir} up to the epochs it was started with.
   *
   * @throws java.nio.file.NoSuchFileException if there is no checkpoint in {@code runDir}
   * @throws CheckpointException if the checkpoint is damaged
   */
  public static TrainingResult resume(Path runDir, TrainingListener listener) throws IOException {
    return resume(runDir, 0, listener);
  }

  /**
   * Continues the run saved in {@code runDir} up to epoch {@code epochs}, which may be more than it
   * was started with (0: the epochs it was started with). The continued epochs equal those of an
   * uninterrupted run.
   *
   * @throws IllegalArgumentException if {@code epochs} is below the epochs already done
   */
  public static TrainingResult resume(Path runDir, int epochs, TrainingListener listener)
      throws IOException {
    return resume(runDir, epochs, TrainingEngine.LOCAL, listener);
  }

  /**
   * {@link #resume(Path, int, TrainingListener)} with the steps run by {@code engine}. The
   * continued epochs equal those of an uninterrupted run with the same engine settings.
   */
  public static TrainingResult resume(
      Path runDir, int epochs, TrainingEngine engine, TrainingListener listener)
      throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    DataSets data = loadWhileWarmingUp(checkpoint.config());
    return resume(runDir, checkpoint, epochs, data, engine, listener);
  }

  /**
   * Continues the run saved in {@code runDir} on {@code data}, which must be the data it was
   * started with (see {@link #start(TrainingConfig, DataSets, Sequential, TrainingListener)}).
   */
  public static TrainingResult resume(
      Path runDir, int epochs, DataSets data, TrainingListener listener) throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    return resume(runDir, checkpoint, epochs, data, TrainingEngine.LOCAL, listener);
  }

  private static TrainingResult resume(
      Path runDir,
      Checkpoint checkpoint,
      int epochs,
      DataSets data,
      TrainingEngine engine,
      TrainingListener listener)
      throws IOException {
    int target = epochs == 0 ? checkpoint.config().epochs() : epochs;
    if (target < checkpoint.epoch()) {
      throw new IllegalArgumentException(
          "epochs: the checkpoint in %s has %d epochs done already, got %d"
              .formatted(runDir, checkpoint.epoch(), target));
    }
    TrainingConfig config = checkpoint.config().withEpochs(target).withOutputDir(runDir);
    return run(
        config,
        data,
        checkpoint.model(),
        checkpoint.optimizer(),
        checkpoint.history(),
        engine,
        listener);
  }

  // The kernels warm up (Kernels.warmUp) on another thread while this one reads the data: the JIT
  // compiles them then, rather than while the first training steps crawl through them uncompiled.
  // The warm-up stops when the data is in, so that it never delays the first step.
  private static DataSets loadWhileWarmingUp(TrainingConfig config) throws IOException {
    Thread warmUp =
        Thread.ofPlatform().name("convnet4j-warm-up").daemon().start(Kernels.active()::warmUp);
    try {
      return DatasetLoader.load(config.dataset(), config.dataDir());
    } finally {
      warmUp.interrupt();
      try {
        warmUp.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void requireNoCheckpoint(TrainingConfig config) {
    if (config.outputDir() != null) {
      Path existing = config.outputDir().resolve(Checkpoint.FILE_NAME);
      if (Files.exists(existing)) {
        throw new IllegalArgumentException(
            "output folder %s already holds a checkpoint (%s); resume it or choose another folder"
                .formatted(config.outputDir(), existing));
      }
    }
  }

  private static TrainingResult run(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history,
      TrainingEngine engine,
      TrainingListener listener)
      throws IOException {
    int previousThreads = Threads.get();
    Threads.set(config.threads());
    try {
      return train(config, data, model, optimizer, history, engine, listener);
    } finally {
      Threads.set(previousThreads);
    }
  }

  private static TrainingResult train(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history,
      TrainingEngine engine,
      TrainingListener listener)
      throws IOException {
    Path dir = config.outputDir();
    Path checkpoint = dir == null ? null : dir.resolve(Checkpoint.FILE_NAME);
    EpochEndAction save =
        dir == null
            ? EpochEndAction.NONE
            : h -> {
              Checkpoint.save(checkpoint, config, model, optimizer, h);
              MetricsFile.write(dir, config, model, h, null, engine.describe());
            };
    int stepsPerEpoch = (data.train().size() + config.batchSize() - 1) / config.batchSize();
    optimizer.decayLearningRate(config.preset().learningRateDecay(), stepsPerEpoch);
    Trainer trainer = new Trainer(model, optimizer, listener, engine, config);
    try {
      trainer.fit(
          data.train(),
          config.preset().validationSplit(data),
          config.epochs(),
          config.batchSize(),
          config.shuffleSeed(),
          history,
          save);
    } catch (TrainingDivergedException e) {
      throw history.completedEpochs() > 0 && checkpoint != null ? e.withCheckpoint(checkpoint) : e;
    }
    Evaluation test = Evaluation.of(model, data.test(), data.classNames());
    if (dir != null) {
      MetricsFile.write(dir, config, model, history, test, engine.describe());
    }
    listener.onTestEvaluation(test);
    return new TrainingResult(config, model, history, test, checkpoint);
  }
}
