package org.convnet4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.convnet4j.Threads;
import org.convnet4j.Variable;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.data.ImageFolderData;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.LearningRateSchedule;
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
   * Trains a fresh model of the preset's architecture on the configured data set: the tutorial's
   * network, shaped for the data's images and classes (see {@link
   * org.convnet4j.nn.Models#tutorial(int[], int, long)}). For an image folder the run records the
   * image size, channels and class names it found.
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
    LoadedData loaded = loadWhileWarmingUp(config, listener);
    TrainingConfig resolved = loaded.config();
    DataSets data = loaded.data();
    Sequential model =
        resolved.dataset() != null
            ? resolved.preset().model(resolved.modelSeed())
            : resolved
                .preset()
                .model(resolved.modelSeed(), data.imageShape(), data.classNames().size());
    return start(resolved, data, model, engine, listener);
  }

  /**
   * Trains {@code model} (a model of your own, such as one read from a Keras model file and built
   * from {@link TrainingConfig#modelSeed()}) on the data {@code config} names.
   *
   * @throws IOException if the data cannot be loaded or a file cannot be written
   * @throws IllegalArgumentException if the output folder already holds a checkpoint, or the model
   *     does not take the data's images or put out one logit per class
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public static TrainingResult start(
      TrainingConfig config, Sequential model, TrainingListener listener) throws IOException {
    return start(config, model, TrainingEngine.LOCAL, listener);
  }

  /**
   * {@link #start(TrainingConfig, Sequential, TrainingListener)} with the steps run by {@code
   * engine}.
   */
  public static TrainingResult start(
      TrainingConfig config, Sequential model, TrainingEngine engine, TrainingListener listener)
      throws IOException {
    requireNoCheckpoint(config);
    LoadedData loaded = loadWhileWarmingUp(config, listener);
    return start(loaded.config(), loaded.data(), model, engine, listener);
  }

  /**
   * A run's data, read as {@code config} says, and the config with what reading it settled (for an
   * image folder: the image size and channels the first image gave, and the class names).
   *
   * @param config the config, completed
   * @param data the three splits
   */
  public record LoadedData(TrainingConfig config, DataSets data) {}

  /**
   * Reads the data {@code config} names: a built-in data set (from its data folder or the cache) or
   * an image folder (see {@link ImageFolderReader}, decoded on {@code config.threads()} threads),
   * telling {@code progress} what it did.
   *
   * @throws IOException if the data cannot be read; for an image folder, also if its classes are
   *     not the ones {@code config} records
   */
  public static LoadedData loadData(TrainingConfig config, Consumer<String> progress)
      throws IOException {
    if (config.imageFolder() == null) {
      return new LoadedData(config, DatasetLoader.load(config.dataset(), config.dataDir()));
    }
    ImageFolderData folder =
        ImageFolderReader.read(
            config.dataDir(),
            config.imageFolder(),
            config.seed(),
            DatasetLoader.defaultCacheDir(),
            progress,
            config.threads());
    return new LoadedData(config.withImageFolder(config.dataDir(), folder.spec()), folder.data());
  }

  /**
   * Trains {@code model} on {@code data}, any model and any data; {@code config}'s data set, data
   * folder and the preset's initialisation are not used, its other settings are.
   *
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if the output folder already holds a checkpoint, or the model
   *     does not take the data's images or put out one logit per class
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public static TrainingResult start(
      TrainingConfig config, DataSets data, Sequential model, TrainingListener listener)
      throws IOException {
    return start(config, data, model, TrainingEngine.LOCAL, listener);
  }

  static TrainingResult start(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      TrainingEngine engine,
      TrainingListener listener)
      throws IOException {
    requireNoCheckpoint(config);
    requireFits(model, data);
    Optimizer optimizer = config.optimizer().create(config.learningRate());
    return run(config, data, model, optimizer, new TrainingHistory(), engine, listener);
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
   *
   * @throws IllegalArgumentException if {@code engine}'s {@link TrainingEngine#settings()} are not
   *     those the run was trained with, which would not continue it as it started
   */
  public static TrainingResult resume(
      Path runDir, int epochs, TrainingEngine engine, TrainingListener listener)
      throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    requireSameEngine(runDir, checkpoint, engine);
    DataSets data = loadWhileWarmingUp(checkpoint.config(), listener).data();
    return resume(runDir, checkpoint, epochs, data, engine, listener);
  }

  /**
   * Continues the run saved in {@code runDir} on {@code data}, which must be the data it was
   * started with (see {@link #start(TrainingConfig, DataSets, Sequential, TrainingListener)}).
   */
  public static TrainingResult resume(
      Path runDir, int epochs, DataSets data, TrainingListener listener) throws IOException {
    Checkpoint checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE_NAME));
    requireSameEngine(runDir, checkpoint, TrainingEngine.LOCAL);
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

  // Another engine, or the same with other settings, would run other steps than the
  // uninterrupted run's.
  private static void requireSameEngine(Path runDir, Checkpoint checkpoint, TrainingEngine engine) {
    if (!engine.settings().equals(checkpoint.engineSettings())) {
      throw new IllegalArgumentException(
          "resume: the run in %s was trained %s; resuming it %s would not continue it as it started"
              .formatted(runDir, on(checkpoint.engineSettings()), on(engine.settings())));
    }
  }

  private static String on(Map<String, String> engineSettings) {
    return engineSettings.isEmpty() ? "on this machine" : "with the engine " + engineSettings;
  }

  // The kernels warm up (Kernels.warmUp) on another thread while this one reads the data: the JIT
  // compiles them then, rather than while the first training steps crawl through them uncompiled.
  // The warm-up stops when the data is in, so that it never delays the first step.
  private static LoadedData loadWhileWarmingUp(TrainingConfig config, TrainingListener listener)
      throws IOException {
    Thread warmUp =
        Thread.ofPlatform().name("convnet4j-warm-up").daemon().start(Kernels.active()::warmUp);
    try {
      return loadData(config, listener::onMessage);
    } finally {
      warmUp.interrupt();
      try {
        warmUp.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // Said before the first step, in the data's terms, rather than as a shape error deep in an op.
  private static void requireFits(Sequential model, DataSets data) {
    int[] image = data.train().imageShape();
    if (!Arrays.equals(model.inputShape(), image)) {
      throw new IllegalArgumentException(
          "model: takes inputs of %s but the data's images are %s"
              .formatted(Arrays.toString(model.inputShape()), Arrays.toString(image)));
    }
    int classes = data.train().numClasses();
    if (!Arrays.equals(model.outputShape(), new int[] {classes})) {
      throw new IllegalArgumentException(
          "model: puts out %s but the data has %d classes; its last layer needs %d units"
              .formatted(Arrays.toString(model.outputShape()), classes, classes));
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

  /**
   * The learning-rate schedule of a run of {@code config} with {@code stepsPerEpoch}, having heard
   * the validation accuracies of {@code history}'s epochs (only reduce-on-plateau listens), so
   * that a resumed run continues it where it was.
   */
  public static LearningRateSchedule schedule(
      TrainingConfig config, int stepsPerEpoch, TrainingHistory history) {
    LearningRateSchedule schedule =
        LearningRateSchedule.parse(
            config.options().schedule(),
            config.learningRate(),
            stepsPerEpoch,
            config.options().maxSteps() > 0
                ? Math.min(config.options().maxSteps(), (long) config.epochs() * stepsPerEpoch)
                : (long) config.epochs() * stepsPerEpoch);
    for (EpochMetrics e : history.epochs()) {
      schedule.epochEnded(e.validationAccuracy());
    }
    return schedule;
  }

  /**
   * The learning rate of every step of {@code history}, as the run's schedule gave it: the
   * schedule is rebuilt and hears the epochs' validation accuracies as training did.
   */
  public static float[] stepLearningRates(TrainingConfig config, TrainingHistory history) {
    int stepsPerEpoch = history.stepsPerEpoch();
    float[] rates = new float[history.stepCount()];
    if (stepsPerEpoch == 0) {
      return rates;
    }
    LearningRateSchedule schedule = schedule(config, stepsPerEpoch, new TrainingHistory());
    List<EpochMetrics> epochs = history.epochs();
    for (int step = 0; step < rates.length; step++) {
      rates[step] = (float) schedule.learningRate(step);
      int epoch = (step + 1) / stepsPerEpoch;
      if ((step + 1) % stepsPerEpoch == 0 && epoch <= epochs.size()) {
        schedule.epochEnded(epochs.get(epoch - 1).validationAccuracy());
      }
    }
    return rates;
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
    Path bestCheckpoint = dir == null ? null : dir.resolve(Checkpoint.BEST_FILE_NAME);
    boolean keepBest = config.options().restoreBestWeights();
    // The weights of the best epoch so far, kept only to restore them; a resumed run reads them
    // back from best.ckpt.
    float[][][] best = new float[1][][];
    if (keepBest && bestCheckpoint != null && Files.exists(bestCheckpoint)) {
      best[0] = weights(Checkpoint.load(bestCheckpoint).model());
    }
    EpochEndAction save =
        h -> {
          boolean epochEnded = h.stepCount() == h.completedEpochs() * h.stepsPerEpoch();
          if (epochEnded && h.bestEpoch() == h.completedEpochs()) {
            // The weights validation measured: the moving average, if one is kept.
            optimizer.swapAverages(model.variables());
            try {
              if (keepBest) {
                best[0] = weights(model);
              }
              if (dir != null) {
                Checkpoint.save(bestCheckpoint, config, engine.settings(), model, optimizer, h);
              }
            } finally {
              optimizer.swapAverages(model.variables());
            }
          }
          if (dir != null) {
            Checkpoint.save(checkpoint, config, engine.settings(), model, optimizer, h);
            MetricsFile.write(dir, config, data, model, h, null, engine.describe());
            EpochLog.write(dir, config, h);
          }
        };
    int stepsPerEpoch = (data.train().size() + config.batchSize() - 1) / config.batchSize();
    optimizer.setSchedule(schedule(config, stepsPerEpoch, history));
    TrainingOptions options = config.options();
    optimizer.setWeightDecay((float) options.weightDecay(), options.decayAllWeights());
    optimizer.setAverageMomentum((float) options.emaMomentum());
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
    // As Keras' EarlyStopping does, the best weights come back only when it stops the run; else,
    // with a moving average, the average replaces the weights, as Keras' fit does at its end. The
    // checkpoint then holds them, so evaluate and predict use them too. (A run stopped to be
    // resumed keeps its trained weights, so that the resumed run repeats an uninterrupted one.)
    StopReason stop = history.stopReason();
    boolean restore = stop == StopReason.EARLY_STOPPING && keepBest && best[0] != null;
    boolean average = options.emaMomentum() > 0 && stop != null && !stop.resumable();
    if (restore) {
      List<Variable> variables = model.variables();
      for (int i = 0; i < variables.size(); i++) {
        variables.get(i).assign(TensorAccess.wrap(best[0][i].clone(), variables.get(i).shape()));
      }
    } else if (average) {
      optimizer.assignAverages(model.variables());
    }
    if ((restore || average) && checkpoint != null) {
      Checkpoint.save(checkpoint, config, engine.settings(), model, optimizer, history);
    }
    // A run stopped to be resumed still tests the moving average, put back after.
    boolean swap = options.emaMomentum() > 0 && !restore && !average;
    if (swap) {
      optimizer.swapAverages(model.variables());
    }
    Evaluation test;
    try {
      test = Evaluation.of(model, data.test(), data.classNames());
    } finally {
      if (swap) {
        optimizer.swapAverages(model.variables());
      }
    }
    if (dir != null) {
      MetricsFile.write(dir, config, data, model, history, test, engine.describe());
    }
    listener.onTestEvaluation(test);
    return new TrainingResult(config, model, history, test, checkpoint);
  }

  private static float[][] weights(Sequential model) {
    return model.variables().stream()
        .map(v -> TensorAccess.data(v.value()).clone())
        .toArray(float[][]::new);
  }
}
