package org.convnet4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convnet4j.cli.TinyRuns;
import org.convnet4j.cli.pictures.FilterGrid;
import org.convnet4j.cli.pictures.MisclassifiedGrid;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.TrainingHistory;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RunReportTest {

  private static final int EPOCHS = 3;
  private static final int STEPS_PER_EPOCH = 9;
  private static final Path MARKUP_FOLDER = Path.of("/tmp/<script>alert('x')</script>&");

  @TempDir static Path dir;

  private static RunReport report;
  private static Document page;

  /**
   * The tiny run (three epochs of nine steps, ten classes, a data folder that looks like markup),
   * its report written once and parsed as XML, which fails unless the page is well-formed.
   */
  @BeforeAll
  static void writeTheReportOfATinyRun() throws Exception {
    TrainingResult result =
        TinyRuns.train(TinyRuns.config(null).withDataDir(MARKUP_FOLDER), TrainingListener.NONE);
    report = new RunReport(result);
    report.writeTo(dir);
    page =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve(RunReport.REPORT_FILE).toFile());
  }

  private static List<Element> elements(Document page, String tag) {
    NodeList nodes = page.getElementsByTagName(tag);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  @Test
  void pageEmbedsBothChartsTheFiltersAndTheMisclassifiedAsDecodablePngs() throws Exception {
    List<Element> images = elements(page, "img");

    // The tiny run may get every test image right, and then has no grid of mistakes.
    boolean mistakes = !report.result().test().misclassified().isEmpty();
    // loss, accuracy, learning rate, accuracy against time, filters (, mistakes)
    assertThat(images).hasSize(mistakes ? 6 : 5);
    List<BufferedImage> decoded = new ArrayList<>();
    for (Element image : images) {
      String src = image.getAttribute("src");
      assertThat(src).startsWith("data:image/png;base64,");
      byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
      decoded.add(ImageIO.read(new ByteArrayInputStream(png)));
    }
    assertThat(decoded.get(0).getWidth()).isEqualTo(TrainingCharts.WIDTH);
    assertThat(decoded.get(1).getWidth()).isEqualTo(TrainingCharts.WIDTH);
    assertThat(decoded.get(2).getWidth()).isEqualTo(TrainingCharts.WIDTH);
    assertThat(decoded.get(3).getWidth()).isEqualTo(TrainingCharts.WIDTH);
    BufferedImage filters =
        FilterGrid.ofFirstConvolution(report.result().model()).orElseThrow().draw();
    assertThat(decoded.get(4).getWidth()).isEqualTo(filters.getWidth());
  }

  @Test
  void anUntrainedModelsMistakesAreShownInTestOrderUnderTheTables() throws Exception {
    // The same run's history, but the test set judged by an untrained model: nearly all wrong.
    Sequential untrained = TinyRuns.model(99);
    Evaluation test = Evaluation.of(untrained, TinyRuns.data().test(), TinyRuns.CLASSES);
    TrainingResult result = report.result();
    Path folder = dir.resolve("untrained");
    Files.createDirectories(folder);

    new RunReport(new TrainingResult(result.config(), untrained, result.history(), test, null))
        .writeTo(folder);

    List<Evaluation.Misclassified> wrong = test.misclassified();
    assertThat(wrong).hasSize((int) (test.examples() - test.correct())).isNotEmpty();
    assertThat(wrong).extracting(Evaluation.Misclassified::index).isSorted();
    Document untrainedPage =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(folder.resolve(RunReport.REPORT_FILE).toFile());
    List<Element> images = elements(untrainedPage, "img");
    assertThat(images).hasSize(6);
    String src = images.get(5).getAttribute("src");
    BufferedImage decoded =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
    BufferedImage grid = new MisclassifiedGrid(wrong, TinyRuns.CLASSES).draw();
    assertThat(decoded.getWidth()).isEqualTo(grid.getWidth());
    assertThat(decoded.getHeight()).isEqualTo(grid.getHeight());
    assertThat(untrainedPage.getDocumentElement().getTextContent())
        .contains(
            "The first %d misclassified test images (of %d)".formatted(wrong.size(), wrong.size()));
  }

  @Test
  void pageGivesThePeakResidentMemoryOrSaysItIsUnknown() {
    assertThat(page.getDocumentElement().getTextContent())
        .containsPattern("Peak resident memory (of the process: [1-9][0-9,]* MB|: unknown here)");
    assertThat(RunReport.peakMemory(OptionalDouble.of(1234.4)))
        .isEqualTo("Peak resident memory of the process: 1,234 MB.");
    assertThat(RunReport.peakMemory(OptionalDouble.empty()))
        .isEqualTo("Peak resident memory: unknown here (no /proc/self/status).");
  }

  @Test
  void pageNamesTheClasses() {
    assertThat(page.getDocumentElement().getTextContent())
        .contains("10 classes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9.");
  }

  @Test
  void pageLinksToNothingOutsideItself() throws IOException {
    String html = Files.readString(dir.resolve(RunReport.REPORT_FILE));
    assertThat(html)
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("<link")
        .doesNotContain("<script");
  }

  @Test
  void textThatLooksLikeMarkupStaysText() {
    assertThat(elements(page, "script")).isEmpty();
    assertThat(page.getDocumentElement().getTextContent()).contains(MARKUP_FOLDER.toString());
  }

  @Test
  void escapeCoversEveryCharacterWithAMeaningInHtml() {
    assertThat(HtmlPage.escape("<a href=\"x\">Tom & 'Jerry'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  }

  @Test
  void tablesHoldTheConfusionMatrixEpochsSummaryAndSettings() {
    List<Element> tables = elements(page, "table");
    // throughput per epoch, model summary, confusion matrix, per-class figures, settings
    assertThat(tables).hasSize(5);
    assertThat(tables.get(0).getElementsByTagName("tr").getLength()).isEqualTo(1 + EPOCHS);
    // header, input, conv, pool, flatten, dense, total
    Element summary = tables.get(1);
    assertThat(summary.getElementsByTagName("tr").getLength()).isEqualTo(7);
    // conv2d 3x3x1x4 + 4 biases = 40 shared; unshared at each of 14x14x4 outputs: 10 * 784.
    assertThat(summary.getTextContent()).contains("40").contains("7,840");
    Element confusion = tables.get(2);
    assertThat(confusion.getElementsByTagName("tr").getLength()).isEqualTo(1 + 10);
    assertThat(confusion.getElementsByTagName("td").getLength()).isEqualTo(10 * 11);
    assertThat(tables.get(3).getElementsByTagName("tr").getLength()).isEqualTo(1 + 10);
    assertThat(tables.get(4).getTextContent()).contains("adam");
  }

  @Test
  void chartFilesDecodeAndHaveOnePointPerLoggedStep() throws IOException {
    assertThat(ImageIO.read(dir.resolve(RunReport.LOSS_CHART_FILE).toFile())).isNotNull();
    assertThat(ImageIO.read(dir.resolve(RunReport.ACCURACY_CHART_FILE).toFile())).isNotNull();
    TrainingHistory history = report.result().history();
    assertThat(
            TrainingCharts.loss(history)
                .getSeriesMap()
                .get(TrainingCharts.TRAINING_LOSS)
                .getXData())
        .hasSize(EPOCHS * STEPS_PER_EPOCH);
    XYSeries validation =
        TrainingCharts.accuracy(history, STEPS_PER_EPOCH)
            .getSeriesMap()
            .get(TrainingCharts.VALIDATION_ACCURACY);
    assertThat(validation.getXData()).containsExactly(9.0, 18.0, 27.0);
    assertThat(validation.getYData()[2])
        .isEqualTo(100 * history.epochs().get(2).validationAccuracy());
  }

  @Test
  void trailingMeanAveragesTheLastWindowOfSteps() {
    // by hand: 1, (1+2)/2, (1+2+3)/3, (2+3+4)/3, (3+4+8)/3
    assertThat(TrainingCharts.trailingMean(new double[] {1, 2, 3, 4, 8}, 3))
        .containsExactly(1, 1.5, 2, 3, 5);
  }

  @Test
  void writingLeavesNoTemporaryFilesBehind() throws IOException {
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              RunReport.REPORT_FILE,
              RunReport.LOSS_CHART_FILE,
              RunReport.ACCURACY_CHART_FILE,
              RunReport.LEARNING_RATE_CHART_FILE,
              RunReport.ACCURACY_TIME_CHART_FILE);
    }
  }

  // By hand: the training curve's tenth onwards dips to 96.4, validation to 97.5: floor(96.4 - 1)
  // = 95; the first tenth (10 %) is left out.
  @Test
  void accuracyAxisStartsJustBelowWhereTheCurvesAre() {
    double[] smoothed = {10, 96.4, 98, 99, 99, 99, 99, 99, 99, 99};
    List<EpochMetrics> epochs = List.of(new EpochMetrics(1, 0.1, 0.975, 1, 1));
    assertThat(TrainingCharts.accuracyFloor(smoothed, epochs)).isEqualTo(95);
    assertThat(TrainingCharts.accuracyFloor(new double[0], List.of(new EpochMetrics(1, 1, 0.004, 1, 1))))
        .isZero();
  }
}
