package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.cli.report.RunReport;
import org.convnet4j.data.Augmentation;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.keras.KerasModel;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.LearningRateSchedule;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.optim.OptimizerType;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.MetricsFile;
import org.convnet4j.train.Preset;
import org.convnet4j.train.StopReason;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingHistory;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingOptions;
import org.convnet4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convnet4j train}: trains the tutorial's network, showing progress, and leaves the
 * checkpoint, {@code metrics.json} and the report in a run folder of its own.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the tutorial's network (conv 5x5x32, pool, conv 5x5x64, pool, dense 1024,"
          + " dropout, dense 10) and reports validation accuracy per epoch and test accuracy at"
          + " the end.",
      "Writes model.ckpt, model.json (the architecture, as a Keras model file), metrics.json,"
          + " report.html, loss.png and accuracy.png into the output folder.",
    })
final class TrainCommand implements Callable<Integer> {

  private final Backend backend;
  private KerasModel fileModel;

  @Spec private CommandSpec spec;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "mnist or fashion-mnist (default: mnist).")
  private String dataset;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = {
        "default: He init, Adam at 1e-3 decayed by 0.75 every epoch, batch 128, 10 epochs.",
        "tutorial: the tutorial's own settings: random-normal init, gradient descent at 1e-5,"
            + " 10 epochs, validation on 256 test images.",
        "fast: 99 %% on MNIST soonest: one-cycle Adam peaking at 3e-3, batch 128, 645 steps"
            + " (1.5 epochs).",
        "best: highest accuracy: shifts, rotations and scaling, one-cycle Adam peaking at 2e-3"
            + " over 40 epochs, batch 128, weight decay 0.05 (AdamW), a moving average of the"
            + " weights (0.999)."
      })
  private String preset;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
  private Integer epochs;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description =
          "Stop after N steps, inside an epoch if need be; the schedule spans them (default:"
              + " the epochs' steps, or the preset's).")
  private Long steps;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per training step.")
  private Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "RATE", description = "Optimizer step size.")
  private Float learningRate;

  @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum or adam.")
  private String optimizer;

  @Option(
      names = "--schedule",
      paramLabel = "SPEC",
      description = {
        "How the learning rate moves, per step (default: the preset's; lengths in epochs):",
        LearningRateSchedule.HELP
      })
  private String schedule;

  @Option(
      names = "--early-stopping",
      paramLabel = "PATIENCE",
      description =
          "Stop after PATIENCE epochs without a better validation accuracy (Keras'"
              + " EarlyStopping, on validation accuracy).")
  private Integer patience;

  @Option(
      names = "--min-delta",
      paramLabel = "D",
      description =
          "With --early-stopping: an epoch is better only if it beats the best validation"
              + " accuracy by more than D, a fraction (default: 0).")
  private Double minDelta;

  @Option(
      names = "--restore-best-weights",
      description =
          "With --early-stopping: when it stops, go back to the weights of the best epoch"
              + " (those of best.ckpt); model.ckpt then holds them.")
  private boolean restoreBestWeights;

  @Option(
      names = "--target-accuracy",
      paramLabel = "A",
      description =
          "Stop after the first epoch whose validation accuracy reaches A (0.99 or 99%%).")
  private String targetAccuracy;

  @Option(
      names = "--time-limit",
      paramLabel = "TIME",
      description = {
        "Stop after TIME of training (90, 90s, 15m, 1h30m), after the step that passes it,"
            + " with a checkpoint that --resume continues exactly. SIGTERM and Ctrl-C stop"
            + " the same way."
      })
  private String timeLimit;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description = {"Random distortions of the training images, new every step: " + Augmentation.HELP})
  private String augment;

  @Option(
      names = "--label-smoothing",
      paramLabel = "S",
      description =
          "Train towards y * (1 - S) + S / classes instead of one-hot labels (Keras'"
              + " label_smoothing; 0.1 is usual).")
  private Double labelSmoothing;

  @Option(
      names = "--weight-decay",
      paramLabel = "D",
      description = {
        "Decoupled weight decay: w -= w * D * learning rate before each update (AdamW with"
            + " adam, as Keras' and PyTorch's AdamW; Keras' default is 0.004). Kernels only:"
            + " biases do not decay unless --decay-all-weights."
      })
  private Double weightDecay;

  @Option(
      names = "--decay-all-weights",
      description = "With --weight-decay: decay biases (and every other variable) too.")
  private boolean decayAllWeights;

  @Option(
      names = "--ema",
      paramLabel = "MOMENTUM",
      arity = "0..1",
      fallbackValue = "0.99",
      description =
          "Keep a moving average of the weights (Keras' use_ema; momentum 0.99 if not given),"
              + " used for validation, the test and the saved model.")
  private Double ema;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seeds weights, dropout and shuffling (default: 42).")
  private Long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for the kernels (default: all cores).")
  private Integer threads;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "A folder with the data set's IDX files (raw or .gz) instead of the cache.")
  private Path dataDir;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = {
        "Train on an image folder instead of --dataset: one subfolder of images per class, or"
            + " train/ and test/ (and optionally validation/) each holding the same class"
            + " subfolders. PNG, JPEG, BMP or GIF, any size, grey or colour; class names are the"
            + " sorted folder names.",
      })
  private Path data;

  @Option(
      names = "--image-size",
      paramLabel = "HxW",
      description = "With --data: resize every image to HxW (default: the first image's size).")
  private String imageSize;

  @Option(
      names = "--channels",
      paramLabel = "N",
      description = "With --data: 1 (grey) or 3 (colour) (default: the first image's).")
  private Integer channels;

  @Option(
      names = "--validation-split",
      paramLabel = "F",
      description =
          "With --data: without validation/ (or test/), hold out this fraction of each class of"
              + " the training images for validation (and as much again for the test split),"
              + " chosen by --seed (default: 0.1).")
  private Double validationSplit;

  @Option(
      names = "--skip-bad-images",
      description =
          "With --data: skip images that cannot be decoded, and count them, instead of stopping.")
  private boolean skipBadImages;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Run folder, new or empty (default: a fresh runs/<date>T<time>).")
  private Path output;

  @Option(
      names = "--model-file",
      paramLabel = "FILE",
      description = {
        "A Keras model file (model.to_json(), Sequential) whose network to train instead of the"
            + " tutorial's; its input shape is the images' shape. Initializers it names are used,"
            + " He normal where it names none."
      })
  private Path modelFile;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Continue the run saved in DIR, with its settings (--epochs may extend it).")
  private Path resume;

  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      description = {
        "Train on Apache Spark: local[N], spark://HOST:PORT, or the master spark-submit set"
            + " when only --partitions is given.",
        "Executors read the training set from the data folder (or their cache) themselves."
      })
  private String sparkMaster;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "With Spark: shards of the training set, one task each per round (default: 2).")
  private Integer partitions;

  @Option(
      names = "--sync-every",
      paramLabel = "K",
      description = {
        "With Spark: local steps per round (default: 1, synchronous SGD on the global batch);",
        "K > 1 averages the shards' models every K steps."
      })
  private Integer syncEvery;

  TrainCommand() {
    this(Backend.LIBRARY);
  }

  TrainCommand(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Integer call() throws IOException {
    if (resume != null) {
      checkOnlyEpochsWithResume();
    }
    // A resumed run continues where it trained: on a cluster with its partitions and sync-every.
    Map<String, String> resumed =
        resume == null
            ? Map.of()
            : Checkpoint.load(resume.resolve(Checkpoint.FILE_NAME)).engineSettings();
    boolean clusterOptions = sparkMaster != null || partitions != null || syncEvery != null;
    if (!clusterOptions && resumed.isEmpty()) {
      return call(backend, Map::of);
    }
    if (resume != null && resumed.isEmpty()) {
      throw new IllegalArgumentException(
          "--resume: the run in %s was trained on one machine; resume it without --spark-master,"
                  .formatted(resume)
              + " --partitions and --sync-every");
    }
    try (ClusterTraining cluster =
        ClusterTraining.open(sparkMaster, partitions, syncEvery, resumed)) {
      Backend onCluster =
          new Backend() {
            @Override
            public TrainingResult train(TrainingConfig config, TrainingListener listener)
                throws IOException {
              return cluster.train(config, listener);
            }

            @Override
            public TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener)
                throws IOException {
              return cluster.resume(runDir, epochs, listener);
            }

            @Override
            public TrainingResult train(
                TrainingConfig config, Sequential model, TrainingListener listener)
                throws IOException {
              return cluster.train(config, model, listener);
            }

            @Override
            public DataSets load(TrainingConfig config) throws IOException {
              return backend.load(config);
            }
          };
      return call(onCluster, cluster::describe);
    }
  }

  private int call(Backend runner, Supplier<Map<String, Object>> engine) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ShutdownStop stop = null;
    try (ProgressDisplay display =
        new ProgressDisplay(out, ProgressDisplay.standardOutputIsTerminal())) {
      stop = new ShutdownStop(display);
      return resume != null
          ? continueRun(out, stop, runner, engine)
          : startRun(out, stop, runner, engine);
    } finally {
      // On SIGTERM the JVM exits as soon as the stop lets it: everything must be out by then.
      out.flush();
      if (stop != null) {
        stop.close();
      }
    }
  }

  private int startRun(
      PrintWriter out,
      TrainingListener progress,
      Backend runner,
      Supplier<Map<String, Object>> engine)
      throws IOException {
    TrainingConfig config = config();
    Sequential model = modelFile != null ? modelFromFile().build(config.modelSeed()) : null;
    Path folder =
        output == null
            ? RunFolder.createFresh(RunFolder.RUNS, LocalDateTime.now())
            : RunFolder.createOrUseEmpty(output);
    out.printf(
        "training %s on %s, output in %s%n",
        modelFile != null ? modelFile : "the " + config.preset().cliName() + " network",
        config.dataName(),
        folder);
    try {
      TrainingConfig run = config.withOutputDir(folder);
      return trainAndFinish(
          folder,
          progress,
          listener ->
              model != null ? runner.train(run, model, listener) : runner.train(run, listener),
          engine);
    } catch (IOException | RuntimeException e) {
      deleteIfEmpty(folder);
      throw e;
    }
  }

  /**
   * The network of {@code --model-file}, read once; its {@link KerasModel#inputShape()} is the
   * shape the images must have.
   */
  private KerasModel modelFromFile() throws IOException {
    if (fileModel == null) {
      fileModel = ModelJson.read(modelFile);
    }
    return fileModel;
  }

  private int continueRun(
      PrintWriter out,
      TrainingListener progress,
      Backend runner,
      Supplier<Map<String, Object>> engine)
      throws IOException {
    out.println("resuming the run in " + resume);
    return trainAndFinish(
        resume, progress, listener -> runner.resume(resume, epochs, listener), engine);
  }

  /** Training of a new run or a resumed one, given the listener to report to. */
  @FunctionalInterface
  private interface Training {
    TrainingResult run(TrainingListener listener) throws IOException;
  }

  // Runs `training` with model.json written into `folder` beside its first steps, then reports.
  private int trainAndFinish(
      Path folder,
      TrainingListener progress,
      Training training,
      Supplier<Map<String, Object>> engine)
      throws IOException {
    TrainingResult result;
    try (ModelJsonWriter listener = new ModelJsonWriter(folder, progress)) {
      result = training.run(listener);
    }
    return finish(folder, result, engine.get());
  }

  private int finish(Path folder, TrainingResult result, Map<String, Object> engine)
      throws IOException {
    new RunReport(result, engine).writeTo(folder);
    Evaluation test = result.test();
    PrintWriter out = spec.commandLine().getOut();
    TrainingHistory history = result.history();
    StopReason stop = history.stopReason();
    if (stop != null && stop != StopReason.COMPLETED) {
      out.printf(
          "stopped (%s) after %,d steps, %d full %s; best validation accuracy %s in epoch %d%s%n",
          stop.jsonName().replace('_', ' '),
          history.stepCount(),
          history.completedEpochs(),
          history.completedEpochs() == 1 ? "epoch" : "epochs",
          history.bestEpoch() == 0
              ? "-"
              : EvaluationTables.percent(
                  history.epochs().get(history.bestEpoch() - 1).validationAccuracy()),
          history.bestEpoch(),
          stop.resumable() ? "; continue with --resume " + folder : "");
    }
    out.printf(
        "test accuracy %s (%,d of %,d test images)%n",
        EvaluationTables.percent(test.accuracy()), test.correct(), test.examples());
    out.printf(
        "wrote %s, %s and %s in %s%n",
        Checkpoint.FILE_NAME, MetricsFile.FILE_NAME, RunReport.REPORT_FILE, folder);
    return 0;
  }

  private TrainingConfig config() throws IOException {
    if (data == null
        && (imageSize != null || channels != null || validationSplit != null || skipBadImages)) {
      throw new IllegalArgumentException(
          "--image-size, --channels, --validation-split and --skip-bad-images go with --data DIR");
    }
    Preset chosenPreset = preset == null ? Preset.DEFAULT : Preset.parse(preset);
    TrainingConfig config = TrainingConfig.of(chosenPreset);
    if (dataset != null) {
      config = config.withDataset(Dataset.parse(dataset));
    }
    if (epochs != null) {
      config = config.withEpochs(epochs);
    }
    if (batchSize != null) {
      config = config.withBatchSize(batchSize);
    }
    if (learningRate != null) {
      config = config.withLearningRate(learningRate);
    }
    if (optimizer != null) {
      config = config.withOptimizer(OptimizerType.parse(optimizer));
    }
    if (schedule != null) {
      config = config.withSchedule(schedule);
    }
    config = config.withOptions(controls(config.options()));
    if (seed != null) {
      config = config.withSeed(seed);
    }
    if (threads != null) {
      config = config.withThreads(threads);
    }
    return data != null
        ? config.withImageFolder(data, imageFolderSpec())
        : config.withDataDir(dataDir);
  }

  private ImageFolderSpec imageFolderSpec() throws IOException {
    if (dataset != null || dataDir != null) {
      throw new IllegalArgumentException(
          "--data trains on an image folder, --dataset and --data-dir on a built-in data set:"
              + " give one or the other");
    }
    ImageFolderSpec spec = ImageFolderSpec.defaults();
    // A model file's input shape is the images' size and channels unless the options say else.
    int[] modelShape = modelFile != null ? modelFromFile().inputShape() : new int[0];
    if (imageSize != null) {
      int[] hw = ImageFolderSpec.parseImageSize(imageSize);
      spec = spec.withImageSize(hw[0], hw[1]);
    } else if (modelShape.length == 3) {
      spec = spec.withImageSize(modelShape[0], modelShape[1]);
    }
    if (channels != null) {
      spec = spec.withChannels(channels);
    } else if (modelShape.length == 3 && (modelShape[2] == 1 || modelShape[2] == 3)) {
      spec = spec.withChannels(modelShape[2]);
    }
    if (validationSplit != null) {
      spec = spec.withValidationSplit(validationSplit);
    }
    return spec.withSkipBadImages(skipBadImages);
  }

  private TrainingOptions controls(TrainingOptions options) {
    if (patience != null || minDelta != null || restoreBestWeights) {
      if (patience == null) {
        throw new IllegalArgumentException(
            "--min-delta and --restore-best-weights need --early-stopping PATIENCE");
      }
      options =
          options.withEarlyStopping(patience, minDelta == null ? 0 : minDelta, restoreBestWeights);
    }
    if (targetAccuracy != null) {
      options = options.withTargetAccuracy(fraction(targetAccuracy));
    }
    if (timeLimit != null) {
      options = options.withTimeLimit(seconds(timeLimit));
    }
    if (labelSmoothing != null) {
      options = options.withLabelSmoothing(labelSmoothing);
    }
    if (weightDecay != null || decayAllWeights) {
      if (weightDecay == null) {
        throw new IllegalArgumentException("--decay-all-weights needs --weight-decay D");
      }
      options = options.withWeightDecay(weightDecay, decayAllWeights);
    }
    if (ema != null) {
      options = options.withEma(ema);
    }
    if (steps != null) {
      options = options.withMaxSteps(steps);
    }
    if (augment != null) {
      options = options.withAugment(Augmentation.parse(augment));
    }
    return options;
  }

  /** {@code 0.99} or {@code 99%}. */
  static double fraction(String text) {
    String t = text.trim();
    try {
      return t.endsWith("%")
          ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
          : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--target-accuracy: expected a fraction such as 0.99 or a percentage such as 99%, got '"
              + text
              + "'");
    }
  }

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2.5h}: seconds. */
  static double seconds(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException(
          "--time-limit: expected seconds or a duration such as 90s, 15m or 1h30m, got '"
              + text
              + "'");
    }
    double total = 0;
    total += m.group(1) == null ? 0 : Double.parseDouble(m.group(1)) * 3600;
    total += m.group(2) == null ? 0 : Double.parseDouble(m.group(2)) * 60;
    total += m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
    return total;
  }

  private static final Pattern DURATION =
      Pattern.compile("(?:([0-9.]+)h)?(?:([0-9.]+)m)?(?:([0-9.]+)s?)?");

  // A resumed run must repeat an uninterrupted one, so it keeps the settings it was started
  // with; only the number of epochs may grow.
  private void checkOnlyEpochsWithResume() {
    if (dataset != null
        || preset != null
        || batchSize != null
        || learningRate != null
        || optimizer != null
        || schedule != null
        || patience != null
        || minDelta != null
        || restoreBestWeights
        || targetAccuracy != null
        || timeLimit != null
        || labelSmoothing != null
        || weightDecay != null
        || decayAllWeights
        || ema != null
        || steps != null
        || augment != null
        || seed != null
        || threads != null
        || dataDir != null
        || data != null
        || imageSize != null
        || channels != null
        || validationSplit != null
        || skipBadImages
        || output != null
        || modelFile != null) {
      throw new IllegalArgumentException(
          "--resume continues a run with the settings it was started with; only --epochs may"
              + " be given with it");
    }
  }

  // A run that failed before writing anything leaves no empty folder behind.
  private static void deleteIfEmpty(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      if (entries.findAny().isEmpty()) {
        Files.delete(folder);
      }
    }
  }
}
