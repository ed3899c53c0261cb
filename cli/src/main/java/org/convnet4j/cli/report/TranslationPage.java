package org.convnet4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.convnet4j.cli.pictures.HeatMapSheet;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.train.translation.Canvas;
import org.convnet4j.train.translation.OffsetGrid;
import org.convnet4j.train.translation.Regime;
import org.convnet4j.train.translation.TranslationCell;
import org.convnet4j.train.translation.TranslationConfig;
import org.convnet4j.train.translation.TranslationNetwork;
import org.convnet4j.train.translation.TranslationResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The translation experiment's page, {@value #PAGE_FILE}: self-contained like the training report.
 * For each training-set size the heat maps side by side, accuracy against distance from the trained
 * positions, and a table; above them, sentences written from the measured numbers, each saying
 * whether it bears out what the literature leads us to expect.
 */
public record TranslationPage(TranslationResult result) {

  public static final String PAGE_FILE = "experiment.html";

  /** Within this of its centred accuracy everywhere, a network counts as flat across the canvas. */
  static final double FLAT = 0.05;

  /** Below this where it was trained, a network has not learned enough to judge its shape. */
  static final double LEARNED = 0.8;

  /** Below this at the farthest positions, a network counts as near chance (10 %). */
  static final double NEAR_CHANCE = 0.25;

  // One colour per network, the same in every chart.
  private static final Color[] COLOURS = {
    new Color(0x1f, 0x77, 0xb4),
    new Color(0xff, 0x7f, 0x0e),
    new Color(0x2c, 0xa0, 0x2c),
    new Color(0xd6, 0x27, 0x28)
  };

  /** Writes the page into {@code folder}, atomically. */
  public void writeTo(Path folder) throws IOException {
    AtomicFiles.write(folder.resolve(PAGE_FILE), page().render().getBytes(StandardCharsets.UTF_8));
  }

  HtmlPage page() {
    TranslationConfig config = result.config();
    Canvas canvas = config.canvas();
    HtmlPage page =
        new HtmlPage("convnet4j experiment: what weight sharing buys when the digit moves")
            .paragraph(introduction(config));
    page.heading("What the numbers show");
    for (String sentence : findings()) {
      page.paragraph(sentence);
    }
    for (int size : config.trainSizes()) {
      List<TranslationCell> cells =
          result.cells().stream().filter(c -> c.trainSize() == size).toList();
      page.heading("%,d training digits".formatted(size))
          .paragraph(
              "Test accuracy at each position of the digit's top-left corner, in percent."
                  + " Rows: where the training digits were; columns: the networks.")
          .image(
              new HeatMapSheet(config.regimes(), config.networks(), cells, canvas, config.grid())
                  .draw(),
              "heat maps of test accuracy over the canvas, %,d training digits".formatted(size));
      for (Regime regime : config.regimes()) {
        if (regime != Regime.ANYWHERE) {
          page.image(
              BitmapEncoder.getBufferedImage(distanceChart(regime, size)),
              "accuracy against distance from the trained positions, " + regime.description());
        }
      }
      page.table(table(cells), null);
    }
    return page.heading("Settings").keyValueTable(settings(config));
  }

  private String introduction(TranslationConfig config) {
    Canvas canvas = config.canvas();
    return ("MNIST digits (28x28) on a blank %dx%d canvas. Each network is trained on %s of the"
            + " training digits placed as its regime says (centred only; centre in the left half;"
            + " anywhere), %,d steps of %d with Adam at %s, then tested with the first %,d test"
            + " digits at each of %d x %d positions spread over the whole canvas (offsets %s)."
            + " The flip rate is how often moving a test digit one pixel to the right changes the"
            + " prediction. The whole run took %.0f s%s.")
        .formatted(
            canvas.size(),
            canvas.size(),
            sizes(config.trainSizes()),
            config.steps(),
            config.batchSize(),
            config.learningRate(),
            config.testDigits(),
            config.gridPoints(),
            config.gridPoints(),
            join(config.grid().offsets()),
            result.seconds(),
            "; training times depend on the machine and its load");
  }

  /** The sentences of "What the numbers show", from the measured numbers. */
  List<String> findings() {
    TranslationConfig config = result.config();
    Canvas canvas = config.canvas();
    OffsetGrid grid = config.grid();
    List<String> sentences = new ArrayList<>();
    int largest = config.trainSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    for (TranslationNetwork network :
        List.of(TranslationNetwork.DENSE, TranslationNetwork.LOCALLY_CONNECTED)) {
      result
          .cell(largest, Regime.CENTRED, network)
          .ifPresent(
              cell -> {
                TranslationCell.DistancePoint far = cell.farthest(canvas, grid);
                boolean nearChance = far.accuracy() < NEAR_CHANCE;
                sentences.add(
                    ("Trained on centred digits, the %s network is right %s of the time at the"
                            + " centre and %s at the positions farthest from it (%.0f pixels"
                            + " away): %s")
                        .formatted(
                            network.displayName().toLowerCase(Locale.ROOT),
                            percent(cell.centredAccuracy(canvas, grid)),
                            percent(far.accuracy()),
                            far.distance(),
                            nearChance
                                ? "near chance (10 %), as expected of a network whose weights"
                                    + " are tied to positions."
                                : "contrary to expectation, well above chance (10 %)."));
              });
    }
    result
        .cell(largest, Regime.CENTRED, TranslationNetwork.CONV_DENSE)
        .ifPresent(
            cell -> {
              double centred = cell.centredAccuracy(canvas, grid);
              double near = accuracyWithin(cell, 3);
              TranslationCell.DistancePoint far = cell.farthest(canvas, grid);
              boolean tolerant = near >= centred - 0.1;
              boolean degrades = far.accuracy() < centred - 0.2;
              sentences.add(
                  ("The convolutional network with a dense head, trained on centred digits: %s at"
                          + " the centre, %s on average within 3 pixels of it, %s at %.0f pixels."
                          + " %s")
                      .formatted(
                          percent(centred),
                          percent(near),
                          percent(far.accuracy()),
                          far.distance(),
                          tolerant && degrades
                              ? "It tolerates shifts of a few pixels, then degrades, as expected:"
                                  + " its dense layer is tied to positions."
                              : !tolerant
                                  ? "Contrary to expectation, it does not tolerate even small"
                                      + " shifts."
                                  : "Contrary to expectation, it does not degrade far from the"
                                      + " centre."));
            });
    result
        .cell(largest, Regime.CENTRED, TranslationNetwork.CONV_GLOBAL_POOL)
        .ifPresent(
            cell -> {
              double centred = cell.centredAccuracy(canvas, grid);
              boolean flat = cell.minAccuracy() >= centred - FLAT;
              sentences.add(
                  ("With global average pooling, trained on centred digits only: %s at the centre,"
                          + " %s over the whole canvas, %s at worst. %s")
                      .formatted(
                          percent(centred),
                          percent(cell.meanAccuracy()),
                          percent(cell.minAccuracy()),
                          flat
                              ? "Nearly flat, as expected: no layer is tied to a position."
                              : ("Contrary to expectation, it is not flat: its worst position is"
                                      + " %.1f points below the centre (the pooling's period"
                                      + " shows as a ripple in the heat map).")
                                  .formatted(100 * (centred - cell.minAccuracy()))));
            });
    undertrainedFinding().ifPresent(sentences::add);
    leftHalfFinding(largest).ifPresent(sentences::add);
    for (int size : config.trainSizes()) {
      anywhereFinding(size).ifPresent(sentences::add);
    }
    flipFinding(largest).ifPresent(sentences::add);
    parameterFinding(largest).ifPresent(sentences::add);
    mnihFinding(largest).ifPresent(sentences::add);
    return sentences;
  }

  /**
   * Names the runs too weak where they were trained for their shape over the canvas to say much.
   */
  private Optional<String> undertrainedFinding() {
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();
    List<String> weak = new ArrayList<>();
    for (TranslationCell cell : result.cells()) {
      double trained = cell.trainedAccuracy(canvas, grid);
      if (trained < LEARNED) {
        weak.add(
            "%s (%s, %,d digits: %s)"
                .formatted(
                    cell.network().displayName(),
                    cell.regime().description(),
                    cell.trainSize(),
                    percent(trained)));
      }
    }
    return weak.isEmpty()
        ? Optional.empty()
        : Optional.of(
            ("Some runs learned little even where they were trained (under %.0f %% there), so what"
                    + " their maps show says more about the training than about the"
                    + " architecture; more steps or digits would tell: %s.")
                .formatted(100 * LEARNED, String.join("; ", weak)));
  }

  private Optional<String> leftHalfFinding(int size) {
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();
    List<String> parts = new ArrayList<>();
    for (TranslationNetwork network : result.config().networks()) {
      result
          .cell(size, Regime.LEFT_HALF, network)
          .ifPresent(
              cell ->
                  parts.add(
                      "%s %s on the left, %s at the far right"
                          .formatted(
                              network.displayName(),
                              percent(cell.trainedAccuracy(canvas, grid)),
                              percent(cell.farthest(canvas, grid).accuracy()))));
    }
    return parts.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "Trained on digits in the left half only (%,d digits): %s."
                .formatted(size, String.join("; ", parts)));
  }

  private Optional<String> anywhereFinding(int size) {
    var local = result.cell(size, Regime.ANYWHERE, TranslationNetwork.LOCALLY_CONNECTED);
    var conv = result.cell(size, Regime.ANYWHERE, TranslationNetwork.CONV_DENSE);
    if (local.isEmpty() || conv.isEmpty()) {
      return Optional.empty();
    }
    double gap = conv.get().meanAccuracy() - local.get().meanAccuracy();
    int largest =
        result.config().trainSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int smallest =
        result.config().trainSizes().stream().mapToInt(Integer::intValue).min().orElseThrow();
    String verdict;
    if (largest == smallest) {
      verdict = "";
    } else if (size == largest) {
      verdict =
          gap < comparedGap(smallest)
              ? " The gap is smaller than with %,d digits, as expected: with more data the"
                      .formatted(smallest)
                  + " locally connected network learns each position on its own."
              : " Contrary to expectation, the gap is not smaller than with %,d digits."
                  .formatted(smallest);
    } else {
      verdict = "";
    }
    return Optional.of(
        ("With digits anywhere and %,d training digits, the locally connected network is right %s"
                + " of the time over the canvas, the convolutional one %s (a gap of %.1f"
                + " points).%s")
            .formatted(
                size,
                percent(local.get().meanAccuracy()),
                percent(conv.get().meanAccuracy()),
                100 * gap,
                verdict));
  }

  private double comparedGap(int size) {
    return result
            .cell(size, Regime.ANYWHERE, TranslationNetwork.CONV_DENSE)
            .orElseThrow()
            .meanAccuracy()
        - result
            .cell(size, Regime.ANYWHERE, TranslationNetwork.LOCALLY_CONNECTED)
            .orElseThrow()
            .meanAccuracy();
  }

  private Optional<String> flipFinding(int size) {
    List<String> parts = new ArrayList<>();
    TranslationCell steadiest = null;
    for (TranslationNetwork network : result.config().networks()) {
      var cell = result.cell(size, Regime.CENTRED, network);
      if (cell.isPresent()) {
        parts.add("%s %s".formatted(network.displayName(), percent(cell.get().flipRate())));
        if (steadiest == null || cell.get().flipRate() < steadiest.flipRate()) {
          steadiest = cell.get();
        }
      }
    }
    if (steadiest == null) {
      return Optional.empty();
    }
    boolean expected = steadiest.network() == TranslationNetwork.CONV_GLOBAL_POOL;
    return Optional.of(
        ("A one-pixel shift changes the prediction (trained on centred digits, over the whole"
                + " canvas): %s. The steadiest is %s%s.")
            .formatted(
                String.join("; ", parts),
                steadiest.network().displayName().toLowerCase(Locale.ROOT),
                expected
                    ? ", as expected"
                    : ", contrary to expectation (global pooling was" + " expected to be)"));
  }

  private Optional<String> parameterFinding(int size) {
    var local = result.cell(size, Regime.CENTRED, TranslationNetwork.LOCALLY_CONNECTED);
    var conv = result.cell(size, Regime.CENTRED, TranslationNetwork.CONV_DENSE);
    if (local.isEmpty() || conv.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ("Parameters: the convolutional network trains %,d, the locally connected one with the same"
                + " topology %,d (the convolutional network would need %,d without sharing), and"
                + " took %.1f s to train against %.1f s.")
            .formatted(
                conv.get().parameters(),
                local.get().parameters(),
                conv.get().parametersWithoutSharing(),
                conv.get().trainSeconds(),
                local.get().trainSeconds()));
  }

  private Optional<String> mnihFinding(int size) {
    var dense = result.cell(size, Regime.ANYWHERE, TranslationNetwork.DENSE);
    var conv = result.cell(size, Regime.ANYWHERE, TranslationNetwork.CONV_DENSE);
    if (dense.isEmpty() || conv.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ("For comparison, Mnih et al. (2014) report test errors of 2.65 %% for a 256-unit dense"
                + " network and 1.57 %% for a 2-layer convolutional one on translated MNIST (60x60,"
                + " digits anywhere, the full training set). Here, with %,d digits anywhere on"
                + " %dx%d: %.2f %% for the dense network and %.2f %% for the convolutional one.")
            .formatted(
                size,
                result.config().canvasSize(),
                result.config().canvasSize(),
                100 * (1 - dense.get().meanAccuracy()),
                100 * (1 - conv.get().meanAccuracy())));
  }

  /** Mean accuracy over grid positions within {@code pixels} of the trained ones. */
  private double accuracyWithin(TranslationCell cell, double pixels) {
    double sum = 0;
    int n = 0;
    for (TranslationCell.DistancePoint p :
        cell.byDistance(result.config().canvas(), result.config().grid())) {
      if (p.distance() <= pixels) {
        sum += p.accuracy() * p.positions();
        n += p.positions();
      }
    }
    return sum / n;
  }

  XYChart distanceChart(Regime regime, int size) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(380)
            .title("Accuracy against distance from the trained positions: " + regime.description())
            .xAxisTitle("distance from the nearest trained position (pixels)")
            .yAxisTitle("test accuracy (%)")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();
    for (TranslationNetwork network : result.config().networks()) {
      result
          .cell(size, regime, network)
          .ifPresent(
              cell -> {
                List<TranslationCell.DistancePoint> points = cell.byDistance(canvas, grid);
                XYSeries series =
                    chart.addSeries(
                        network.displayName(),
                        points.stream()
                            .mapToDouble(TranslationCell.DistancePoint::distance)
                            .toArray(),
                        points.stream().mapToDouble(p -> 100 * p.accuracy()).toArray());
                series.setMarker(SeriesMarkers.CIRCLE);
                Color colour = COLOURS[network.ordinal() % COLOURS.length];
                series.setLineColor(colour);
                series.setMarkerColor(colour);
              });
    }
    return chart;
  }

  Table table(List<TranslationCell> cells) {
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();
    List<List<String>> rows = new ArrayList<>();
    for (TranslationCell cell : cells) {
      TranslationCell.DistancePoint far = cell.farthest(canvas, grid);
      rows.add(
          List.of(
              cell.network().displayName(),
              cell.regime().description(),
              "%,d".formatted(cell.parameters()),
              "%,d".formatted(cell.parametersWithoutSharing()),
              "%.1f".formatted(cell.trainSeconds()),
              percent(cell.trainedAccuracy(canvas, grid)),
              percent(cell.centredAccuracy(canvas, grid)),
              percent(cell.meanAccuracy()),
              percent(cell.minAccuracy()),
              "%s at %.0f px".formatted(percent(far.accuracy()), far.distance()),
              percent(cell.flipRate())));
    }
    return new Table(
        List.of(
            "network",
            "trained on",
            "parameters",
            "without sharing",
            "training s",
            "at trained positions",
            "centred",
            "over the canvas",
            "lowest",
            "farthest",
            "1-pixel flips"),
        rows);
  }

  static Map<String, String> settings(TranslationConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("canvas", "%dx%d".formatted(config.canvasSize(), config.canvasSize()));
    settings.put("training digits", sizes(config.trainSizes()));
    settings.put("steps", "%,d of %d digits".formatted(config.steps(), config.batchSize()));
    settings.put("learning rate", Float.toString(config.learningRate()));
    int[] w = config.widths();
    settings.put("widths", "%d and %d filters, %d hidden units".formatted(w[0], w[1], w[2]));
    settings.put("test digits", "%,d".formatted(config.testDigits()));
    settings.put("test offsets", join(config.grid().offsets()));
    settings.put("seed", Long.toString(config.seed()));
    settings.put("Java", Runtime.version().toString());
    return settings;
  }

  private static String sizes(List<Integer> sizes) {
    return String.join(" and ", sizes.stream().map("%,d"::formatted).toList());
  }

  private static String join(int[] values) {
    StringBuilder text = new StringBuilder();
    for (int v : values) {
      text.append(text.isEmpty() ? "" : ", ").append(v);
    }
    return text.toString();
  }

  private static String percent(double fraction) {
    return EvaluationTables.percent(fraction);
  }
}
