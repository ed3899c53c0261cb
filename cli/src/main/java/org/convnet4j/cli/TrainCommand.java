package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.cli.report.RunReport;
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
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
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
            + " 10 epochs, validation on 256 test images."
      })
  private String preset;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
  private Integer epochs;

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
    if (sparkMaster == null && partitions == null && syncEvery == null) {
      return call(backend, Map::of);
    }
    try (ClusterTraining cluster = ClusterTraining.open(sparkMaster, partitions, syncEvery)) {
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
    try (ProgressDisplay progress =
        new ProgressDisplay(out, ProgressDisplay.standardOutputIsTerminal())) {
      return resume != null
          ? continueRun(out, progress, runner, engine)
          : startRun(out, progress, runner, engine);
    }
  }

  private int startRun(
      PrintWriter out,
      ProgressDisplay progress,
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
      return finish(
          folder,
          model != null ? runner.train(run, model, progress) : runner.train(run, progress),
          engine.get());
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
      ProgressDisplay progress,
      Backend runner,
      Supplier<Map<String, Object>> engine)
      throws IOException {
    checkOnlyEpochsWithResume();
    out.println("resuming the run in " + resume);
    return finish(resume, runner.resume(resume, epochs, progress), engine.get());
  }

  private int finish(Path folder, TrainingResult result, Map<String, Object> engine)
      throws IOException {
    ModelJson.write(folder, result.model());
    new RunReport(result, engine).writeTo(folder);
    Evaluation test = result.test();
    PrintWriter out = spec.commandLine().getOut();
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

  // A resumed run must repeat an uninterrupted one, so it keeps the settings it was started
  // with; only the number of epochs may grow.
  private void checkOnlyEpochsWithResume() {
    if (dataset != null
        || preset != null
        || batchSize != null
        || learningRate != null
        || optimizer != null
        || schedule != null
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
