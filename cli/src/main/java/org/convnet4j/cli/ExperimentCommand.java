package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.Threads;
import org.convnet4j.cli.report.TranslationPage;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.translation.Regime;
import org.convnet4j.train.translation.TranslationConfig;
import org.convnet4j.train.translation.TranslationExperiment;
import org.convnet4j.train.translation.TranslationNetwork;
import org.convnet4j.train.translation.TranslationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convnet4j experiment}: experiments that answer the tutorial's questions by measuring. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Experiments that answer the tutorial's questions by measurement.",
    subcommands = ExperimentCommand.Translation.class)
final class ExperimentCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  // Without an experiment named there is nothing to run: show which there are.
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return picocli.CommandLine.ExitCode.USAGE;
  }

  /** {@code convnet4j experiment translation}: what weight sharing buys when the digit moves. */
  @Command(
      name = "translation",
      mixinStandardHelpOptions = true,
      description = {
        "MNIST digits on a larger canvas: a dense, a locally connected and two convolutional"
            + " networks (dense head; global average pooling), each trained on digits centred"
            + " only, in the left half only and anywhere, then tested at every position of a grid"
            + " over the canvas.",
        "Writes "
            + TranslationPage.PAGE_FILE
            + " (heat maps, curves, a table and what they show) and "
            + TranslationResult.METRICS_FILE
            + " (every number) into the output folder.",
      })
  static final class Translation implements Callable<Integer> {

    private final Backend backend;

    @Spec private CommandSpec spec;

    @Option(
        names = "--quick",
        description =
            "A small version: 4,000 training digits, 300 steps, narrower networks, 200 test"
                + " digits on a 5x5 grid.")
    private boolean quick;

    @Option(
        names = "--train-sizes",
        split = ",",
        paramLabel = "N[,N...]",
        description = "Training digits per run, each size a run of its own (default: 1000,10000).")
    private List<Integer> trainSizes;

    @Option(
        names = "--steps",
        paramLabel = "N",
        description = "Training steps of 64 digits per network (default: 800).")
    private Integer steps;

    @Option(
        names = "--networks",
        split = ",",
        paramLabel = "NAME[,NAME...]",
        description = "dense, locally-connected, conv-dense, conv-global-pool (default: all four).")
    private List<String> networks;

    @Option(
        names = "--regimes",
        split = ",",
        paramLabel = "NAME[,NAME...]",
        description = "centred, left-half, anywhere (default: all three).")
    private List<String> regimes;

    @Option(
        names = "--canvas",
        paramLabel = "N",
        description = "Side of the canvas in pixels, at least 28 (default: 40).")
    private Integer canvas;

    @Option(
        names = "--grid",
        paramLabel = "N",
        description = "Test positions per axis, spread from edge to edge (default: 7).")
    private Integer grid;

    @Option(
        names = "--test-digits",
        paramLabel = "N",
        description = "Test digits placed at every position (default: 1000).")
    private Integer testDigits;

    @Option(
        names = "--seed",
        paramLabel = "N",
        description = "Seeds weights, placements and shuffling (default: 42).")
    private Long seed;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Threads for the kernels (default: all cores).")
    private Integer threads;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "A folder with MNIST's IDX files (raw or .gz) instead of the cache.")
    private Path dataDir;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Run folder, new or empty (default: a fresh runs/<date>T<time>).")
    private Path output;

    Translation() {
      this(Backend.LIBRARY);
    }

    Translation(Backend backend) {
      this.backend = backend;
    }

    @Override
    public Integer call() throws IOException {
      TranslationConfig config = config();
      PrintWriter out = spec.commandLine().getOut();
      Path folder =
          output == null
              ? RunFolder.createFresh(RunFolder.RUNS, LocalDateTime.now())
              : RunFolder.createOrUseEmpty(output);
      DataSets mnist =
          backend.load(TrainingConfig.defaults().withDataset(Dataset.MNIST).withDataDir(dataDir));
      if (threads != null) {
        Threads.set(threads);
      }
      out.println(
          "translation experiment: %d networks x %d regimes x %d training-set sizes, output in %s"
              .formatted(
                  config.networks().size(),
                  config.regimes().size(),
                  config.trainSizes().size(),
                  folder));
      out.flush();
      TranslationResult result =
          TranslationExperiment.run(
              config,
              mnist,
              line -> {
                out.println(line);
                out.flush();
              });
      result.writeMetrics(folder.resolve(TranslationResult.METRICS_FILE));
      new TranslationPage(result).writeTo(folder);
      out.println(
          "done in %.0f s; wrote %s and %s in %s"
              .formatted(
                  result.seconds(),
                  TranslationPage.PAGE_FILE,
                  TranslationResult.METRICS_FILE,
                  folder));
      return 0;
    }

    /** The quick or full settings, with the options given applied over them. */
    TranslationConfig config() {
      TranslationConfig config = quick ? TranslationConfig.quick() : TranslationConfig.full();
      if (trainSizes != null) {
        config = config.withTrainSizes(trainSizes);
      }
      if (steps != null) {
        config = config.withSteps(steps);
      }
      if (networks != null) {
        config = config.withNetworks(networks.stream().map(TranslationNetwork::parse).toList());
      }
      if (regimes != null) {
        config = config.withRegimes(regimes.stream().map(Regime::parse).toList());
      }
      if (canvas != null || grid != null) {
        config =
            config.withCanvasSize(
                canvas != null ? canvas : config.canvasSize(),
                grid != null ? grid : config.gridPoints());
      }
      if (testDigits != null) {
        config = config.withTestDigits(testDigits);
      }
      if (seed != null) {
        config = config.withSeed(seed);
      }
      return config;
    }
  }
}
