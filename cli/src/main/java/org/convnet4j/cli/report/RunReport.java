package org.convnet4j.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.convnet4j.cli.pictures.FilterGrid;
import org.convnet4j.cli.pictures.MisclassifiedGrid;
import org.convnet4j.cli.pictures.Pictures;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.internal.ResidentMemory;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.nn.ModelSummary;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.StopReason;
import org.convnet4j.train.TrainingHistory;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;
import org.knowm.xchart.XYChart;

/**
 * The training report: {@value #REPORT_FILE}, one self-contained page with the curves, the
 * throughput, the model, the test results and the settings of a run, and the two charts again as
 * {@value #LOSS_CHART_FILE} and {@value #ACCURACY_CHART_FILE}.
 *
 * @param result the finished run (a resumed run's history covers it from its first epoch)
 * @param engine what the engine that ran the steps measured (a cluster's time split, see {@code
 *     metrics.json}'s {@code engine} object), or empty on one machine
 */
public record RunReport(TrainingResult result, Map<String, Object> engine) {

  /** The report of a run on one machine. */
  public RunReport(TrainingResult result) {
    this(result, Map.of());
  }

  public static final String REPORT_FILE = "report.html";
  public static final String LOSS_CHART_FILE = "loss.png";
  public static final String ACCURACY_CHART_FILE = "accuracy.png";
  public static final String LEARNING_RATE_CHART_FILE = "learning-rate.png";
  public static final String ACCURACY_TIME_CHART_FILE = "accuracy-time.png";

  /** Writes the page and the chart files into {@code folder}, each atomically. */
  public void writeTo(Path folder) throws IOException {
    XYChart loss = TrainingCharts.loss(result.history());
    int stepsPerEpoch = result.history().stepsPerEpoch();
    XYChart accuracy = TrainingCharts.accuracy(result.history(), stepsPerEpoch);
    Pictures.writePng(TrainingCharts.image(loss), folder.resolve(LOSS_CHART_FILE));
    Pictures.writePng(TrainingCharts.image(accuracy), folder.resolve(ACCURACY_CHART_FILE));
    Pictures.writePng(
        TrainingCharts.image(
            TrainingCharts.learningRate(
                result.history(),
                TrainingRun.stepLearningRates(result.config(), result.history()))),
        folder.resolve(LEARNING_RATE_CHART_FILE));
    Pictures.writePng(
        TrainingCharts.image(TrainingCharts.accuracyOverTime(result.history())),
        folder.resolve(ACCURACY_TIME_CHART_FILE));
    AtomicFiles.write(
        folder.resolve(REPORT_FILE),
        page(loss, accuracy).render().getBytes(StandardCharsets.UTF_8));
  }

  private HtmlPage page(XYChart loss, XYChart accuracy) {
    TrainingConfig config = result.config();
    Evaluation test = result.test();
    int epochs = result.history().completedEpochs();
    HtmlPage page =
        new HtmlPage(
                "convnet4j training report: %s, %s preset"
                    .formatted(config.dataName(), config.preset().cliName()))
            .figure(
                EvaluationTables.percent(test.accuracy()),
                "test accuracy: %,d of %,d test images right after %d %s"
                    .formatted(
                        test.correct(), test.examples(), epochs, epochs == 1 ? "epoch" : "epochs"));
    addCurves(page, loss, accuracy);
    addThroughput(page);
    addEngine(page);
    addModel(page);
    addTestResults(page, test, result.classNames());
    return page.heading("Settings").keyValueTable(settings(config));
  }

  private void addCurves(HtmlPage page, XYChart loss, XYChart accuracy) {
    page.heading("Loss and accuracy")
        .paragraph(
            "Training loss and batch accuracy are logged every step (%,d steps, in training mode"
                    .formatted(result.history().stepCount())
                + " with dropout), validation accuracy at the end of every epoch. The charts are"
                + " also in "
                + LOSS_CHART_FILE
                + " and "
                + ACCURACY_CHART_FILE
                + ".")
        .image(TrainingCharts.image(loss), "training loss per step")
        .image(
            TrainingCharts.image(accuracy),
            "training accuracy per step and validation accuracy per epoch")
        .paragraph(stopping())
        .image(
            TrainingCharts.image(
                TrainingCharts.learningRate(
                    result.history(),
                    TrainingRun.stepLearningRates(result.config(), result.history()))),
            "learning rate per step")
        .image(
            TrainingCharts.image(TrainingCharts.accuracyOverTime(result.history())),
            "validation accuracy against seconds of training");
  }

  // How the run ended and its best epoch, as metrics.json's stop_reason and best_epoch say.
  private String stopping() {
    TrainingHistory history = result.history();
    StopReason stop = history.stopReason();
    int best = history.bestEpoch();
    String end =
        stop == null || stop == StopReason.COMPLETED
            ? "Training ran all its steps"
            : "Training stopped (%s) after %,d steps"
                .formatted(stop.jsonName().replace('_', ' '), history.stepCount());
    return best == 0
        ? end + "."
        : "%s, %.1f s of training. Best validation accuracy: %s after epoch %d.%s"
            .formatted(
                end,
                history.trainingSeconds(),
                EvaluationTables.percent(history.epochs().get(best - 1).validationAccuracy()),
                best,
                " The learning rate and accuracy against time are also in "
                    + LEARNING_RATE_CHART_FILE
                    + " and "
                    + ACCURACY_TIME_CHART_FILE
                    + ".");
  }

  private void addThroughput(HtmlPage page) {
    List<EpochMetrics> epochs = result.history().epochs();
    page.heading("Throughput")
        .paragraph(throughput(epochs) + " " + peakMemory(ResidentMemory.peakMegabytes()))
        .table(epochTable(epochs), null);
  }

  /** The process's peak resident memory as a sentence, as metrics.json's peak_rss_mb gives it. */
  static String peakMemory(OptionalDouble megabytes) {
    return megabytes.isPresent()
        ? "Peak resident memory of the process: %,.0f MB.".formatted(megabytes.getAsDouble())
        : "Peak resident memory: unknown here (no /proc/self/status).";
  }

  // The engine's own words: its settings as a table of keys and values, its per-epoch entries
  // (a list of maps with the same keys) as a table with a column per key.
  private void addEngine(HtmlPage page) {
    if (engine.isEmpty()) {
      return;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    List<Map<?, ?>> epochs = new ArrayList<>();
    engine.forEach(
        (key, value) -> {
          if (value instanceof List<?> list) {
            list.forEach(e -> epochs.add((Map<?, ?>) e));
          } else {
            settings.put(key, String.valueOf(value));
          }
        });
    page.heading("Where the time went on the cluster")
        .paragraph(
            "Each round broadcasts the weights, runs the shards' steps on the executors (compute:"
                + " the slowest shard), sums their results (aggregation: the rest of the round,"
                + " scheduling included) and updates the model on the driver.")
        .keyValueTable(settings);
    if (!epochs.isEmpty()) {
      List<String> columns = epochs.get(0).keySet().stream().map(String::valueOf).toList();
      List<List<String>> rows = new ArrayList<>();
      for (Map<?, ?> e : epochs) {
        rows.add(e.values().stream().map(RunReport::cell).toList());
      }
      page.table(new Table(columns, rows), null);
    }
  }

  private static String cell(Object value) {
    return value instanceof Double d ? "%.2f".formatted(d) : String.valueOf(value);
  }

  private void addModel(HtmlPage page) {
    page.heading("Model")
        .paragraph(
            "Parameters: what each layer trains. Without sharing: what it would need if every"
                + " output position had its own weights (a locally connected layer), the"
                + " tutorial's contrast between 3,860 and 756,560.")
        .table(summaryTable(result.model().summary()), null);
    FilterGrid.ofFirstConvolution(result.model())
        .ifPresent(
            filters ->
                page.paragraph("The first convolution's filters after training:")
                    .image(filters.draw(), "learned filters of the first convolution"));
  }

  private static void addTestResults(HtmlPage page, Evaluation test, List<String> classNames) {
    page.heading("Test results")
        .paragraph(classesSentence(classNames))
        .paragraph("Rows are the true classes, columns the predicted ones; the diagonal is right.")
        .table(EvaluationTables.confusion(test), EvaluationTables.diagonal(test))
        .paragraph(
            "Precision: of the images predicted as a class, the share that are. Recall: of the"
                + " images of a class, the share predicted as it.")
        .table(EvaluationTables.perClass(test), null);
    List<Evaluation.Misclassified> wrong = test.misclassified();
    if (!wrong.isEmpty()) {
      page.paragraph(
              "The first %d misclassified test images (of %,d), in the test set's order, each"
                      .formatted(wrong.size(), test.examples() - test.correct())
                  + " captioned with its true class, then the class the model predicted:")
          .image(
              new MisclassifiedGrid(wrong, classNames).draw(),
              "misclassified test images, true class and predicted class");
    }
  }

  /** {@code 10 classes: 0, 1, 2, ...}, the names in label order. */
  static String classesSentence(List<String> classNames) {
    return "%d classes: %s.".formatted(classNames.size(), String.join(", ", classNames));
  }

  private static String throughput(List<EpochMetrics> epochs) {
    double seconds = 0;
    double images = 0;
    for (EpochMetrics e : epochs) {
      seconds += e.seconds();
      images += e.imagesPerSecond() * e.seconds();
    }
    return seconds == 0
        ? "No epoch finished."
        : "%,.0f training images in %.1f s: %,.0f images per second (validation not included)."
            .formatted(images, seconds, images / seconds);
  }

  private static Table epochTable(List<EpochMetrics> epochs) {
    List<List<String>> rows = new ArrayList<>();
    for (EpochMetrics e : epochs) {
      rows.add(
          List.of(
              Integer.toString(e.epoch()),
              "%.4f".formatted(e.trainLoss()),
              EvaluationTables.percent(e.validationAccuracy()),
              "%,.0f".formatted(e.imagesPerSecond()),
              "%.1f".formatted(e.seconds())));
    }
    return new Table(
        List.of("epoch", "training loss", "validation accuracy", "images/s", "seconds"), rows);
  }

  static Table summaryTable(ModelSummary summary) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("input", shape(summary.inputShape()), "", ""));
    for (ModelSummary.Row row : summary.rows()) {
      rows.add(
          List.of(
              row.name() + " (" + row.type().displayName() + ")",
              row.formattedShape(),
              "%,d".formatted(row.parameters()),
              "%,d".formatted(row.parametersWithoutSharing())));
    }
    rows.add(
        List.of(
            "total",
            "",
            "%,d".formatted(summary.totalParameters()),
            "%,d".formatted(summary.totalWithoutSharing())));
    if (summary.nonTrainableParameters() > 0) {
      long nonTrainable = summary.nonTrainableParameters();
      rows.add(List.of("trainable", "", "%,d".formatted(summary.totalParameters() - nonTrainable),
          ""));
      rows.add(List.of("non-trainable", "", "%,d".formatted(nonTrainable), ""));
    }
    return new Table(
        List.of("layer (type)", "output shape", "parameters", "without sharing"), rows);
  }

  /** The run's settings, in the order the report shows them. */
  static Map<String, String> settings(TrainingConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("dataset", config.dataName());
    if (config.imageFolder() != null) {
      settings.put(
          "images",
          "%s, %d channel%s, %s held out, classes %s"
              .formatted(
                  config.imageFolder().imageSizeText(),
                  config.imageFolder().channels(),
                  config.imageFolder().channels() == 1 ? "" : "s",
                  config.imageFolder().validationSplit(),
                  String.join(", ", config.classNames())));
    }
    settings.put("preset", config.preset().cliName());
    settings.put("epochs", Integer.toString(config.epochs()));
    settings.put("batch size", Integer.toString(config.batchSize()));
    settings.put("learning rate", Float.toString(config.learningRate()));
    settings.put("optimizer", config.optimizer().cliName());
    config.options().settings().forEach((key, value) -> settings.put(key.replace('_', ' '), value));
    settings.put("seed", Long.toString(config.seed()));
    settings.put("threads", Integer.toString(config.threads()));
    settings.put(
        "data folder",
        config.dataDir() != null
            ? config.dataDir().toString()
            : DatasetLoader.defaultCacheDir() + " (the cache)");
    settings.put(
        "output folder", config.outputDir() == null ? "none" : config.outputDir().toString());
    settings.put("kernels", Kernels.active().getClass().getSimpleName());
    settings.put("Java", Runtime.version().toString());
    return settings;
  }

  private static String shape(int[] shape) {
    StringBuilder text = new StringBuilder();
    for (int d : shape) {
      text.append(text.isEmpty() ? "" : "x").append(d);
    }
    return text.toString();
  }
}
