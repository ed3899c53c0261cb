package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * The training report: {@value #REPORT_FILE}, one self-contained page with the curves, the
 * model, the test results, the throughput and the settings of a run, and the two charts again
 * as {@value #LOSS_CHART_FILE} and {@value #ACCURACY_CHART_FILE}.
 *
 * @param title the page's title
 * @param settings the run's settings, in the order to show them
 * @param modelSummary the model's layers with shared and unshared parameter counts
 * @param log what training logged
 * @param testAccuracy accuracy on the whole test set
 * @param confusion the test set's confusion matrix
 */
record RunReport(
    String title,
    Map<String, String> settings,
    Table modelSummary,
    TrainingLog log,
    double testAccuracy,
    ConfusionMatrix confusion) {

  static final String REPORT_FILE = "report.html";
  static final String LOSS_CHART_FILE = "loss.png";
  static final String ACCURACY_CHART_FILE = "accuracy.png";

  /** Writes the page and the chart files into {@code folder}, each atomically. */
  void writeTo(Path folder) throws IOException {
    XYChart loss = TrainingCharts.loss(log);
    XYChart accuracy = TrainingCharts.accuracy(log);
    Pictures.writePng(TrainingCharts.image(loss), folder.resolve(LOSS_CHART_FILE));
    Pictures.writePng(TrainingCharts.image(accuracy), folder.resolve(ACCURACY_CHART_FILE));
    AtomicFiles.writeString(folder.resolve(REPORT_FILE), page(loss, accuracy).render());
  }

  HtmlPage page(XYChart loss, XYChart accuracy) {
    List<TrainingLog.Epoch> epochs = log.epochs();
    return new HtmlPage(title)
            .figure(
                ConfusionMatrix.percent(testAccuracy),
                "test accuracy over all %,d test images after %d %s"
                    .formatted(
                        confusion.total(), epochs.size(), epochs.size() == 1 ? "epoch" : "epochs"))
            .heading("Loss and accuracy")
            .paragraph(
                "Training figures are logged every step (%,d steps), validation accuracy at the end"
                        .formatted(log.steps().size())
                    + " of every epoch. The charts are also in "
                    + LOSS_CHART_FILE
                    + " and "
                    + ACCURACY_CHART_FILE
                    + ".")
            .image(TrainingCharts.image(loss), "training loss per step")
            .image(
                TrainingCharts.image(accuracy),
                "training accuracy per step and validation accuracy per epoch")
            .heading("Throughput")
            .paragraph(throughput(epochs))
            .table(epochTable(epochs), null)
            .heading("Model")
            .paragraph(
                "Parameters: what each layer trains. Without sharing: what it would need if every"
                    + " output position had its own weights (a locally connected layer), the"
                    + " tutorial's contrast.")
            .table(modelSummary, null)
            .heading("Test results")
            .paragraph("Rows are the true classes, columns the predicted ones.")
            .table(confusion.table(), confusion.diagonal())
            .paragraph(
                "Precision: of the images predicted as a class, the share that are. Recall: of the"
                    + " images of a class, the share predicted as it.")
            .table(confusion.perClassTable(), null)
            .heading("Settings")
            .table(settingsTable(), null);
  }

  private static String throughput(List<TrainingLog.Epoch> epochs) {
    double seconds = 0;
    double images = 0;
    for (TrainingLog.Epoch e : epochs) {
      seconds += e.seconds();
      images += e.imagesPerSecond() * e.seconds();
    }
    return seconds == 0
        ? "No epoch finished."
        : "%,.0f training images in %.1f s: %,.0f images per second."
            .formatted(images, seconds, images / seconds);
  }

  private static Table epochTable(List<TrainingLog.Epoch> epochs) {
    List<List<String>> rows = new ArrayList<>();
    for (TrainingLog.Epoch e : epochs) {
      rows.add(
          List.of(
              Integer.toString(e.epoch()),
              "%.4f".formatted(e.trainingLoss()),
              ConfusionMatrix.percent(e.validationAccuracy()),
              "%,.0f".formatted(e.imagesPerSecond()),
              "%.1f".formatted(e.seconds())));
    }
    return new Table(
        List.of("epoch", "training loss", "validation accuracy", "images/s", "seconds"), rows);
  }

  private Table settingsTable() {
    List<List<String>> rows = new ArrayList<>();
    settings.forEach((name, value) -> rows.add(List.of(name, value)));
    return new Table(List.of("setting", "value"), rows);
  }
}
