package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RunReportTest {

  private static final int STEPS_PER_EPOCH = 40;
  private static final int EPOCHS = 3;

  @TempDir Path dir;

  private RunReport report;

  /** A made-up run: three epochs of 40 steps, ten classes, a setting that looks like markup. */
  @BeforeEach
  void makeUpARun() {
    SplittableRandom random = new SplittableRandom(5);
    TrainingLog log = new TrainingLog();
    for (int step = 1; step <= EPOCHS * STEPS_PER_EPOCH; step++) {
      log.addStep(
          new TrainingLog.Step(
              step, 2.3 / Math.sqrt(step) + 0.1 * random.nextDouble(),
              Math.min(1, 0.1 + step / 100.0)));
      if (step % STEPS_PER_EPOCH == 0) {
        log.addEpoch(
            new TrainingLog.Epoch(step / STEPS_PER_EPOCH, step, 0.5, 0.9, 1234.5, 12.0));
      }
    }
    long[][] counts = new long[10][10];
    for (int t = 0; t < 10; t++) {
      counts[t][t] = 95;
      counts[t][(t + 1) % 10] = 5;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("dataset", "mnist");
    settings.put("data folder", "/tmp/<script>alert('x')</script>&");
    Table summary =
        new Table(
            List.of("layer", "output shape", "parameters", "without sharing"),
            List.of(List.of("conv2d_1", "14x14x20", "3,860", "756,560")));
    report =
        new RunReport(
            "convnet4j run <test>", settings, summary, log, 0.95,
            new ConfusionMatrix(
                IntStream.range(0, 10).mapToObj(Integer::toString).toList(), counts));
  }

  private Document writeAndParse() throws Exception {
    report.writeTo(dir);
    return DocumentBuilderFactory.newInstance()
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
  void pageIsWellFormedAndEmbedsBothChartsAsDecodablePngs() throws Exception {
    Document page = writeAndParse();

    List<Element> images = elements(page, "img");
    assertThat(images).hasSize(2);
    for (Element image : images) {
      String src = image.getAttribute("src");
      assertThat(src).startsWith("data:image/png;base64,");
      byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
      assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth())
          .isEqualTo(TrainingCharts.WIDTH);
    }
  }

  @Test
  void pageLinksToNothingOutsideItself() throws Exception {
    writeAndParse();

    String html = Files.readString(dir.resolve(RunReport.REPORT_FILE));
    assertThat(html).doesNotContain("http:").doesNotContain("https:").doesNotContain("<link")
        .doesNotContain("<script");
  }

  @Test
  void textThatLooksLikeMarkupStaysText() throws Exception {
    Document page = writeAndParse();

    assertThat(elements(page, "script")).isEmpty();
    assertThat(elements(page, "title").getFirst().getTextContent())
        .isEqualTo("convnet4j run <test>");
    assertThat(page.getDocumentElement().getTextContent())
        .contains("/tmp/<script>alert('x')</script>&");
  }

  @Test
  void tablesHoldTheConfusionMatrixEpochsSummaryAndSettings() throws Exception {
    Document page = writeAndParse();

    List<Element> tables = elements(page, "table");
    // throughput per epoch, model summary, confusion matrix, per-class figures, settings
    assertThat(tables).hasSize(5);
    assertThat(tables.get(0).getElementsByTagName("tr").getLength()).isEqualTo(1 + EPOCHS);
    assertThat(tables.get(1).getTextContent()).contains("756,560");
    Element confusion = tables.get(2);
    assertThat(confusion.getElementsByTagName("tr").getLength()).isEqualTo(11);
    assertThat(confusion.getElementsByTagName("td").getLength()).isEqualTo(10 * 11);
    assertThat(tables.get(3).getTextContent()).contains("95.00 %");
    assertThat(tables.get(4).getTextContent()).contains("mnist");
  }

  @Test
  void chartFilesDecodeAndHaveOnePointPerLoggedStep() throws Exception {
    report.writeTo(dir);

    assertThat(ImageIO.read(dir.resolve(RunReport.LOSS_CHART_FILE).toFile())).isNotNull();
    assertThat(ImageIO.read(dir.resolve(RunReport.ACCURACY_CHART_FILE).toFile())).isNotNull();
    TrainingLog log = report.log();
    assertThat(
            TrainingCharts.loss(log).getSeriesMap().get(TrainingCharts.TRAINING_LOSS).getXData())
        .hasSize(EPOCHS * STEPS_PER_EPOCH);
    assertThat(
            TrainingCharts.accuracy(log)
                .getSeriesMap()
                .get(TrainingCharts.VALIDATION_ACCURACY)
                .getYData())
        .containsExactly(90.0, 90.0, 90.0);
  }

  @Test
  void writingLeavesNoTemporaryFilesBehind() throws IOException {
    report.writeTo(dir);

    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              RunReport.REPORT_FILE, RunReport.LOSS_CHART_FILE, RunReport.ACCURACY_CHART_FILE);
    }
  }
}
