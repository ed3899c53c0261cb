package org.convnet4j.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.data.ImageFolderSpec;
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
 * @param dataset which built-in data set to train on, or {@code null} for an image folder
 * @param preset where the defaults and the model's initialisation come from
 * @param epochs passes over the training set, at least 1
 * @param batchSize examples per step, at least 1
 * @param learningRate step size, positive and finite
 * @param optimizer which optimizer
 * @param seed seeds the initial weights, dropout masks and the shuffling of training data
 * @param threads threads the kernels use while the run trains and tests, at least 1
 * @param dataDir a folder with the data set's IDX files, or {@code null} to fetch into the cache;
 *     with {@code imageFolder}, the image folder
 * @param outputDir where {@code metrics.json} and the checkpoint go, or {@code null} to write
 *     nothing
 * @param imageFolder how the image folder {@code dataDir} is read ({@link ImageFolderReader}), or
 *     {@code null} for the built-in {@code dataset}
 * @param options the schedule and the other options beyond these
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
    Path outputDir,
    ImageFolderSpec imageFolder,
    TrainingOptions options) {

  /** The seed of {@link #defaults()}. */
  public static final long DEFAULT_SEED = 42;

  /** The {@code dataset} setting of a run on an image folder. */
  public static final String IMAGE_FOLDER = "image-folder";

  /**
   * Checks every option.
   *
   * @throws IllegalArgumentException naming the first bad option
   */
  public TrainingConfig {
    if ((dataset == null) == (imageFolder == null)
        || preset == null
        || optimizer == null
        || options == null) {
      throw new IllegalArgumentException(
          "training config: a dataset or an image folder (not both), preset, optimizer and"
              + " options are required");
    }
    if (imageFolder != null && dataDir == null) {
      throw new IllegalArgumentException("training config: an image folder needs its data_dir");
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
        null,
        null,
        preset.options());
  }

  /** A copy with another built-in data set (and no image folder). */
  public TrainingConfig withDataset(Dataset d) {
    return copy(
        c -> {
          c.dataset = d;
          c.imageFolder = null;
        });
  }

  /**
   * A copy that trains on the image folder {@code dir}, read as {@code spec} says, instead of a
   * built-in data set.
   */
  public TrainingConfig withImageFolder(Path dir, ImageFolderSpec spec) {
    if (dir == null || spec == null) {
      throw new IllegalArgumentException(
          "training config: an image folder needs a folder and a spec");
    }
    return copy(
        c -> {
          c.dataset = null;
          c.dataDir = dir;
          c.imageFolder = spec;
        });
  }

  /** {@code mnist}, {@code fashion-mnist}, or {@code image folder DIR}: for messages. */
  public String dataName() {
    return imageFolder != null ? "image folder " + dataDir : dataset.cliName();
  }

  /**
   * The class names, in label order: the built-in data set's, or the image folder's once it has
   * been read (empty before).
   */
  public List<String> classNames() {
    return imageFolder != null ? imageFolder.classNames() : dataset.classNames();
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int e) {
    return copy(c -> c.epochs = e);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int b) {
    return copy(c -> c.batchSize = b);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(float lr) {
    return copy(c -> c.learningRate = lr);
  }

  /** A copy with another optimizer. */
  public TrainingConfig withOptimizer(OptimizerType o) {
    return copy(c -> c.optimizer = o);
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long s) {
    return copy(c -> c.seed = s);
  }

  /** A copy with another number of threads. */
  public TrainingConfig withThreads(int t) {
    return copy(c -> c.threads = t);
  }

  /** A copy with another data folder ({@code null}: fetch). */
  public TrainingConfig withDataDir(Path dir) {
    return copy(c -> c.dataDir = dir);
  }

  /** A copy with another output folder ({@code null}: write nothing). */
  public TrainingConfig withOutputDir(Path dir) {
    return copy(c -> c.outputDir = dir);
  }

  /** A copy with other options. */
  public TrainingConfig withOptions(TrainingOptions o) {
    return copy(c -> c.options = o);
  }

  /** A copy with another learning-rate schedule, see {@link TrainingOptions#schedule()}. */
  public TrainingConfig withSchedule(String schedule) {
    return withOptions(options.withSchedule(schedule));
  }

  // Every copy method changes some fields of a copy: the fields are listed here once, not in
  // each of them.
  private TrainingConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new TrainingConfig(
        f.dataset, f.preset, f.epochs, f.batchSize, f.learningRate, f.optimizer, f.seed,
        f.threads, f.dataDir, f.outputDir, f.imageFolder, f.options);
  }

  private static final class Fields {
    Dataset dataset;
    Preset preset;
    int epochs;
    int batchSize;
    float learningRate;
    OptimizerType optimizer;
    long seed;
    int threads;
    Path dataDir;
    Path outputDir;
    ImageFolderSpec imageFolder;
    TrainingOptions options;

    Fields(TrainingConfig c) {
      dataset = c.dataset;
      preset = c.preset;
      epochs = c.epochs;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      optimizer = c.optimizer;
      seed = c.seed;
      threads = c.threads;
      dataDir = c.dataDir;
      outputDir = c.outputDir;
      imageFolder = c.imageFolder;
      options = c.options;
    }
  }

  /**
   * The settings as text, keyed as in {@code metrics.json}: {@code dataset}, {@code preset}, {@code
   * epochs}, {@code batch_size}, {@code learning_rate}, {@code optimizer}, {@code seed}, {@code
   * threads}, and {@code data_dir} and {@code output_dir} when set; for an image folder {@code
   * dataset} is {@value #IMAGE_FOLDER} and {@code image_size} ({@code HxW}), {@code channels},
   * {@code validation_split}, {@code skip_bad_images} and {@code class_names} (joined by {@code /},
   * which no folder name holds) follow; then {@link TrainingOptions}'s. {@link #fromSettings}
   * reads them back exactly.
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("dataset", imageFolder != null ? IMAGE_FOLDER : dataset.cliName());
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
    if (imageFolder != null) {
      s.put("image_size", imageFolder.imageSizeText());
      s.put("channels", Integer.toString(imageFolder.channels()));
      s.put("validation_split", Double.toString(imageFolder.validationSplit()));
      s.put("skip_bad_images", Boolean.toString(imageFolder.skipBadImages()));
      s.put("class_names", String.join("/", imageFolder.classNames()));
    }
    s.putAll(options.settings());
    return s;
  }

  /**
   * The config {@link #settings()} describes.
   *
   * @throws IllegalArgumentException if a setting is missing or malformed
   */
  public static TrainingConfig fromSettings(Map<String, String> settings) {
    try {
      boolean folder = IMAGE_FOLDER.equals(setting(settings, "dataset"));
      Preset preset = Preset.parse(setting(settings, "preset"));
      ImageFolderSpec imageFolder = folder ? imageFolderOf(settings) : null;
      return new TrainingConfig(
          folder ? null : Dataset.parse(setting(settings, "dataset")),
          preset,
          Integer.parseInt(setting(settings, "epochs")),
          Integer.parseInt(setting(settings, "batch_size")),
          Float.parseFloat(setting(settings, "learning_rate")),
          OptimizerType.parse(setting(settings, "optimizer")),
          Long.parseLong(setting(settings, "seed")),
          Integer.parseInt(setting(settings, "threads")),
          settings.containsKey("data_dir") ? Path.of(settings.get("data_dir")) : null,
          settings.containsKey("output_dir") ? Path.of(settings.get("output_dir")) : null,
          imageFolder,
          TrainingOptions.fromSettings(settings, preset));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "training config: a number is malformed in " + settings, e);
    }
  }

  private static ImageFolderSpec imageFolderOf(Map<String, String> settings) {
    String size = setting(settings, "image_size");
    int[] hw = size.equals("auto") ? new int[2] : ImageFolderSpec.parseImageSize(size);
    String names = setting(settings, "class_names");
    return new ImageFolderSpec(
        hw[0],
        hw[1],
        Integer.parseInt(setting(settings, "channels")),
        Double.parseDouble(setting(settings, "validation_split")),
        Boolean.parseBoolean(setting(settings, "skip_bad_images")),
        names.isEmpty() ? List.of() : List.of(names.split("/", -1)));
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

  /** The seed of the training images' augmentation, derived from {@link #seed()}. */
  long augmentSeed() {
    SplittableRandom random = new SplittableRandom(seed);
    random.nextLong();
    random.nextLong();
    return random.nextLong();
  }

  /** The seed of the training data's shuffling, derived from {@link #seed()}. */
  long shuffleSeed() {
    SplittableRandom random = new SplittableRandom(seed);
    random.nextLong();
    return random.nextLong();
  }
}
