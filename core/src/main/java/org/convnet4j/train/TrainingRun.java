package org.convnet4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;

/**
 * A whole training run as {@code convnet4j train} does it: load the data, build the preset's
 * model, train, save a checkpoint and {@code metrics.json} after every epoch, evaluate on the
 * test split. With an output folder, it holds {@value Checkpoint#FILE_NAME} and {@value
 * MetricsFile#FILE_NAME}.
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
   * Trains a fresh model.
   *
   * @throws IOException if the data cannot be loaded or a file cannot be written
   * @throws IllegalArgumentException if the output folder already holds a checkpoint (resume it
   *     or choose another folder: nothing is overwritten)
   * @throws TrainingDivergedException if the loss becomes NaN or infinite; the last completed
   *     epoch's checkpoint and metrics stay on disk
   */
  public static TrainingResult start(TrainingConfig config, TrainingListener listener)
      throws IOException {
    if (config.outputDir() != null) {
      Path existing = config.outputDir().resolve(Checkpoint.FILE_NAME);
      if (Files.exists(existing)) {
        throw new IllegalArgumentException(
            "output folder %s already holds a checkpoint (%s); resume it or choose another folder"
                .formatted(config.outputDir(), existing));
      }
    }
    DataSets data = DatasetLoader.load(config.dataset(), config.dataDir());
    Sequential model = config.preset().model(config.modelSeed());
    Optimizer optimizer = config.optimizer().create(config.learningRate());
    return run(config, data, model, optimizer, new TrainingHistory(), listener);
  }

  /**
   * Continues the run saved in {@code runDir} up to the epochs it was started with.
   *
   * @throws java.nio.file.NoSuchFileException if there is no checkpoint in {@code runDir}
   * @throws CheckpointException if the checkpoint is damaged
   */
  public static TrainingResult resume(Path runDir, TrainingListener listener) throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    return resume(runDir, checkpoint.config().epochs(), listener);
  }

  /**
   * Continues the run saved in {@code runDir} up to epoch {@code epochs}, which may be more than
   * it was started with. The continued epochs equal those of an uninterrupted run.
   *
   * @throws IllegalArgumentException if {@code epochs} is below the epochs already done
   */
  public static TrainingResult resume(Path runDir, int epochs, TrainingListener listener)
      throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    if (epochs < checkpoint.epoch()) {
      throw new IllegalArgumentException(
          "epochs: the checkpoint in %s has %d epochs done already, got %d"
              .formatted(runDir, checkpoint.epoch(), epochs));
    }
    TrainingConfig config = checkpoint.config().withEpochs(epochs).withOutputDir(runDir);
    DataSets data = DatasetLoader.load(config.dataset(), config.dataDir());
    return run(
        config, data, checkpoint.model(), checkpoint.optimizer(), checkpoint.history(), listener);
  }

  private static TrainingResult run(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history,
      TrainingListener listener)
      throws IOException {
    Path dir = config.outputDir();
    Path checkpoint = dir == null ? null : dir.resolve(Checkpoint.FILE_NAME);
    EpochEndAction save =
        dir == null
            ? EpochEndAction.NONE
            : h -> {
              Checkpoint.save(checkpoint, config, model, optimizer, h);
              MetricsFile.write(dir, config, model, h, null);
            };
    Trainer trainer = new Trainer(model, optimizer, listener);
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
      MetricsFile.write(dir, config, model, history, test);
    }
    listener.onTestEvaluation(test);
    return new TrainingResult(config, model, history, test, checkpoint);
  }
}
