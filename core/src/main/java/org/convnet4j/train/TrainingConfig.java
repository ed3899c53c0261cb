package org.convnet4j.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.convnet4j.data.Dataset;
import org.convnet4j.optim.OptimizerType;

/**
 * Every option of a training run. Start from {@link #defaults()} or {@link #of(Preset)} and change
 * what you need with the {@code with...} methods:
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.defaults().withEpochs(3).withOutputDir(Path.of("run1"));
 * }</pre>
 *
 * <p>Runs with the same seed and the same number of threads compute the same losses and accuracies,
 * bit for bit.
 *
 * @param dataset which data set to train on
 * @param preset where the defaults and the model's initialisation come from
 * @param epochs passes over the training set, at least 1
 * @param batchSize examples per step, at least 1
 * @param learningRate step size, positive and finite
 * @param optimizer which optimizer
 * @param seed seeds the initial weights, dropout masks and the shuffling of training data
 * @param threads threads the kernels use while the run trains and tests, at least 1
 * @param dataDir a folder with the data set's IDX files, or {@code null} to fetch into the cache
 * @param outputDir where {@code metrics.json} and the checkpoint go, or {@code null} to write
 *     nothing
 */
public record TrainingConfig(
    Dataset dataset,
    Preset preset,
    int epochs,
    int batchSize,
    float learningRate,
    OptimizerType optimizer,
    long seed,
    int threads,
    Path dataDir,
    Path outputDir) {

  /** The seed of {@link #defaults()}. */
  public static final long DEFAULT_SEED = 42;

  /**
   * Checks every option.
   *
   * @throws IllegalArgumentException naming the first bad option
   */
  public TrainingConfig {
    if (dataset == null || preset == null || optimizer == null) {
      throw new IllegalArgumentException(
          "training config: dataset, preset and optimizer are required");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size: must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate: must be positive and finite, got " + learningRate);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads: must be at least 1, got " + threads);
    }
  }

  /** The default preset on MNIST, seed 42, all available cores, data fetched, nothing written. */
  public static TrainingConfig defaults() {
    return of(Preset.DEFAULT);
  }

  /** A preset's defaults on MNIST, seed 42, all available cores, data fetched, nothing written. */
  public static TrainingConfig of(Preset preset) {
    return new TrainingConfig(
        Dataset.MNIST,
        preset,
        preset.epochs(),
        preset.batchSize(),
        preset.learningRate(),
        preset.optimizer(),
        DEFAULT_SEED,
        Runtime.getRuntime().availableProcessors(),
        null,
        null);
  }

  /** A copy with another data set. */
  public TrainingConfig withDataset(Dataset d) {
    return new TrainingConfig(
        d, preset, epochs, batchSize, learningRate, optimizer, seed, threads, dataDir, outputDir);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int e) {
    return new TrainingConfig(
        dataset, preset, e, batchSize, learningRate, optimizer, seed, threads, dataDir, outputDir);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int b) {
    return new TrainingConfig(
        dataset, preset, epochs, b, learningRate, optimizer, seed, threads, dataDir, outputDir);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(float lr) {
    return new TrainingConfig(
        dataset, preset, epochs, batchSize, lr, optimizer, seed, threads, dataDir, outputDir);
  }

  /** A copy with another optimizer. */
  public TrainingConfig withOptimizer(OptimizerType o) {
    return new TrainingConfig(
        dataset, preset, epochs, batchSize, learningRate, o, seed, threads, dataDir, outputDir);
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(
        dataset,
        preset,
        epochs,
        batchSize,
        learningRate,
        optimizer,
        s,
        threads,
        dataDir,
        outputDir);
  }

  /** A copy with another number of threads. */
  public TrainingConfig withThreads(int t) {
    return new TrainingConfig(
        dataset, preset, epochs, batchSize, learningRate, optimizer, seed, t, dataDir, outputDir);
  }

  /** A copy with another data folder ({@code null}: fetch). */
  public TrainingConfig withDataDir(Path dir) {
    return new TrainingConfig(
        dataset, preset, epochs, batchSize, learningRate, optimizer, seed, threads, dir, outputDir);
  }

  /** A copy with another output folder ({@code null}: write nothing). */
  public TrainingConfig withOutputDir(Path dir) {
    return new TrainingConfig(
        dataset, preset, epochs, batchSize, learningRate, optimizer, seed, threads, dataDir, dir);
  }

  /**
   * The settings as text, keyed as in {@code metrics.json}: {@code dataset}, {@code preset}, {@code
   * epochs}, {@code batch_size}, {@code learning_rate}, {@code optimizer}, {@code seed}, {@code
   * threads}, and {@code data_dir} and {@code output_dir} when set. {@link #fromSettings} reads
   * them back exactly.
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("dataset", dataset.cliName());
    s.put("preset", preset.cliName());
    s.put("epochs", Integer.toString(epochs));
    s.put("batch_size", Integer.toString(batchSize));
    s.put("learning_rate", Float.toString(learningRate));
    s.put("optimizer", optimizer.cliName());
    s.put("seed", Long.toString(seed));
    s.put("threads", Integer.toString(threads));
    if (dataDir != null) {
      s.put("data_dir", dataDir.toString());
    }
    if (outputDir != null) {
      s.put("output_dir", outputDir.toString());
    }
    return s;
  }

  /**
   * The config {@link #settings()} describes.
   *
   * @throws IllegalArgumentException if a setting is missing or malformed
   */
  public static TrainingConfig fromSettings(Map<String, String> settings) {
    try {
      return new TrainingConfig(
          Dataset.parse(setting(settings, "dataset")),
          Preset.parse(setting(settings, "preset")),
          Integer.parseInt(setting(settings, "epochs")),
          Integer.parseInt(setting(settings, "batch_size")),
          Float.parseFloat(setting(settings, "learning_rate")),
          OptimizerType.parse(setting(settings, "optimizer")),
          Long.parseLong(setting(settings, "seed")),
          Integer.parseInt(setting(settings, "threads")),
          settings.containsKey("data_dir") ? Path.of(settings.get("data_dir")) : null,
          settings.containsKey("output_dir") ? Path.of(settings.get("output_dir")) : null);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "training config: a number is malformed in " + settings, e);
    }
  }

  private static String setting(Map<String, String> settings, String key) {
    String value = settings.get(key);
    if (value == null) {
      throw new IllegalArgumentException("training config: setting '" + key + "' is missing");
    }
    return value;
  }

  /**
   * The seed of the model's initial weights and dropout masks, derived from {@link #seed()}: build
   * a model of your own from it and it starts as the preset's would.
   */
  public long modelSeed() {
    return new SplittableRandom(seed).nextLong();
  }

  /** The seed of the training data's shuffling, derived from {@link #seed()}. */
  long shuffleSeed() {
    SplittableRandom random = new SplittableRandom(seed);
    random.nextLong();
    return random.nextLong();
  }
}
