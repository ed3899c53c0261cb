package org.convnet4j.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's two charts, drawn with XChart: loss, and accuracy, against the training step. */
final class TrainingCharts {

  static final int WIDTH = 900;
  static final int HEIGHT = 420;
  static final String TRAINING_LOSS = "training loss per step";
  static final String TRAINING_ACCURACY = "training batch accuracy per step";
  static final String VALIDATION_ACCURACY = "validation accuracy per epoch";

  private TrainingCharts() {}

  /** Training loss per step. */
  static XYChart loss(TrainingLog log) {
    XYChart chart = chart("Training loss", "loss (softmax cross-entropy)");
    addPerStep(chart, TRAINING_LOSS, log.steps(), TrainingLog.Step::loss);
    return chart;
  }

  /** Training accuracy per step and validation accuracy per epoch, in percent. */
  static XYChart accuracy(TrainingLog log) {
    XYChart chart = chart("Accuracy", "accuracy (%)");
    addPerStep(
        chart, TRAINING_ACCURACY, log.steps(), s -> 100 * s.accuracy());
    List<TrainingLog.Epoch> epochs = log.epochs();
    if (!epochs.isEmpty()) {
      XYSeries validation =
          chart.addSeries(
              VALIDATION_ACCURACY,
              epochs.stream().mapToDouble(TrainingLog.Epoch::step).toArray(),
              epochs.stream().mapToDouble(e -> 100 * e.validationAccuracy()).toArray());
      validation.setMarker(SeriesMarkers.CIRCLE);
      validation.setLineColor(new Color(0xd6, 0x27, 0x28));
      validation.setMarkerColor(new Color(0xd6, 0x27, 0x28));
    }
    return chart;
  }

  /** The chart as an image, for PNG files and the report. */
  static BufferedImage image(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  private static XYChart chart(String title, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("training step")
            .yAxisTitle(yAxis)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    // Below the plot, the legend never hides a curve.
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setXAxisDecimalPattern("#,##0");
    styler.setYAxisDecimalPattern("0.##");
    styler.setXAxisTickMarkSpacingHint(110);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return chart;
  }

  private static void addPerStep(
      XYChart chart, String name, List<TrainingLog.Step> steps,
      ToDoubleFunction<TrainingLog.Step> value) {
    if (steps.isEmpty()) {
      return;
    }
    XYSeries series =
        chart.addSeries(
            name,
            steps.stream().mapToDouble(TrainingLog.Step::step).toArray(),
            steps.stream().mapToDouble(value).toArray());
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(new Color(0x1f, 0x77, 0xb4));
    series.setLineWidth(1.2f);
  }
}
