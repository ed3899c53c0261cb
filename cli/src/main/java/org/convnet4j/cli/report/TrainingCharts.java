package org.convnet4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.TrainingHistory;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart: loss, accuracy and the learning rate against the training
 * step (epochs marked by thin lines), and validation accuracy against seconds of training.
 */
public final class TrainingCharts {

  static final int WIDTH = 900;
  static final int HEIGHT = 420;
  static final String TRAINING_LOSS = "training loss per step";
  static final String TRAINING_ACCURACY = "training batch accuracy per step";
  static final String VALIDATION_ACCURACY = "validation accuracy per epoch";

  private static final float SMALLEST_LOSS = 1e-7f;
  private static final int SMOOTHING_PARTS = 60;
  private static final Color STEP_COLOUR = new Color(0x1f, 0x77, 0xb4);
  private static final Color STEP_COLOUR_LIGHT = new Color(0xae, 0xcd, 0xe8);
  private static final Color EPOCH_COLOUR = new Color(0xd6, 0x27, 0x28);

  private TrainingCharts() {}

  /**
   * Training loss per step, on a logarithmic axis: the first steps' loss is often ten times the
   * rest, which on a linear axis flattens everything after them into one line.
   */
  static XYChart loss(TrainingHistory history) {
    XYChart chart = chart("Training loss", "loss (softmax cross-entropy, log scale)");
    chart.getStyler().setYAxisLogarithmic(true);
    // Decades down to 1e-6 keep their digits ("0.##" printed 0.001 as 0).
    chart.getStyler().setYAxisDecimalPattern("0.######");
    float[] losses = history.stepLosses();
    for (int i = 0; i < losses.length; i++) {
      // A log axis cannot show 0, which float rounding can give a perfectly fitted batch.
      losses[i] = Math.max(losses[i], SMALLEST_LOSS);
    }
    addPerStep(chart, TRAINING_LOSS, losses, 1);
    markEpochs(chart, history);
    return chart;
  }

  /**
   * Training accuracy per step and validation accuracy per epoch, in percent; epoch {@code e} ends
   * at step {@code e * stepsPerEpoch}.
   */
  static XYChart accuracy(TrainingHistory history, int stepsPerEpoch) {
    XYChart chart = chart("Accuracy", "accuracy (%)");
    double[] smoothed = addPerStep(chart, TRAINING_ACCURACY, history.stepAccuracies(), 100);
    List<EpochMetrics> epochs = history.epochs();
    chart.getStyler().setYAxisMin(accuracyFloor(smoothed, epochs));
    chart.getStyler().setYAxisMax(100.0);
    markEpochs(chart, history);
    if (!epochs.isEmpty()) {
      XYSeries validation =
          chart.addSeries(
              VALIDATION_ACCURACY,
              epochs.stream().mapToDouble(e -> (double) e.epoch() * stepsPerEpoch).toArray(),
              epochs.stream().mapToDouble(e -> 100 * e.validationAccuracy()).toArray());
      validation.setMarker(SeriesMarkers.CIRCLE);
      validation.setLineColor(EPOCH_COLOUR);
      validation.setMarkerColor(EPOCH_COLOUR);
    }
    return chart;
  }

  /**
   * The bottom of the accuracy axis: where the story is, not at 0. A whole percent at least one
   * below the lowest validation accuracy and the lowest trailing mean of training accuracy after
   * the first tenth of the run; the first steps' low accuracies fall below it.
   */
  static double accuracyFloor(double[] smoothedTraining, List<EpochMetrics> epochs) {
    double low = 100;
    for (int i = smoothedTraining.length / 10; i < smoothedTraining.length; i++) {
      low = Math.min(low, smoothedTraining[i]);
    }
    for (EpochMetrics e : epochs) {
      low = Math.min(low, 100 * e.validationAccuracy());
    }
    return Math.max(0, Math.floor(low - 1));
  }

  /**
   * The learning rate of every step, as the schedule gave it, on a linear axis, epochs marked.
   */
  static XYChart learningRate(TrainingHistory history, float[] rates) {
    XYChart chart = chart("Learning rate", "learning rate");
    chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> "%.2g".formatted(v));
    if (rates.length > 0) {
      double[] x = new double[rates.length];
      double[] y = new double[rates.length];
      for (int i = 0; i < rates.length; i++) {
        x[i] = i + 1;
        y[i] = rates[i];
      }
      XYSeries series = chart.addSeries("learning rate per step", x, y);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(STEP_COLOUR);
      series.setLineWidth(2f);
    }
    markEpochs(chart, history);
    return chart;
  }

  /**
   * Validation accuracy against seconds of training (validation not counted), so runs of
   * different speeds compare by time.
   */
  static XYChart accuracyOverTime(TrainingHistory history) {
    XYChart chart = chart("Validation accuracy over training time", "accuracy (%)");
    chart.setXAxisTitle("seconds of training");
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    List<EpochMetrics> epochs = history.epochs();
    if (!epochs.isEmpty()) {
      double[] seconds = new double[epochs.size()];
      double[] accuracy = new double[epochs.size()];
      double total = 0;
      for (int i = 0; i < seconds.length; i++) {
        total += epochs.get(i).seconds();
        seconds[i] = total;
        accuracy[i] = 100 * epochs.get(i).validationAccuracy();
      }
      XYSeries validation = chart.addSeries(VALIDATION_ACCURACY, seconds, accuracy);
      validation.setMarker(SeriesMarkers.CIRCLE);
      validation.setLineColor(EPOCH_COLOUR);
      validation.setMarkerColor(EPOCH_COLOUR);
      chart.getStyler().setYAxisMin(accuracyFloor(new double[0], epochs));
      chart.getStyler().setYAxisMax(100.0);
    }
    return chart;
  }

  // A thin vertical line at the end of every epoch but the last: the step axis in epochs.
  private static void markEpochs(XYChart chart, TrainingHistory history) {
    int steps = history.stepsPerEpoch();
    int epochs = history.completedEpochs();
    if (steps == 0 || epochs > 60) {
      return;
    }
    for (int e = 1; e <= epochs && (long) e * steps < history.stepCount(); e++) {
      chart.addAnnotation(new AnnotationLine((double) e * steps, true, false));
    }
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
    // Few enough labels that numbers such as 12,900 never touch.
    styler.setXAxisTickMarkSpacingHint(160);
    styler.setXAxisMaxLabelCount(10);
    styler.setAnnotationLineColor(new Color(0xbb, 0xbb, 0xbb));
    styler.setAnnotationLineStroke(new java.awt.BasicStroke(1f));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return chart;
  }

  // Step i (from 1) at x = i; values scaled by `scale` (100 for percent).
  // Step i (from 1) at x = i, values times `scale` (100 for percent), in a light colour; over it,
  // for runs long enough to be a noisy band, the trailing mean of about a sixtieth of the run.
  private static double[] addPerStep(XYChart chart, String name, float[] values, double scale) {
    if (values.length == 0) {
      return new double[0];
    }
    double[] x = new double[values.length];
    double[] y = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      x[i] = i + 1;
      y[i] = scale * values[i];
    }
    int window = values.length / SMOOTHING_PARTS;
    XYSeries raw = chart.addSeries(name, x, y);
    raw.setMarker(SeriesMarkers.NONE);
    raw.setLineColor(window >= 2 ? STEP_COLOUR_LIGHT : STEP_COLOUR);
    raw.setLineWidth(1.2f);
    if (window >= 2) {
      XYSeries mean =
          chart.addSeries(
              "mean of the last %d steps".formatted(window), x, trailingMean(y, window));
      mean.setMarker(SeriesMarkers.NONE);
      mean.setLineColor(STEP_COLOUR);
      mean.setLineWidth(2f);
      return trailingMean(y, window);
    }
    return y;
  }

  /** {@code mean[i]} = mean of {@code values[i - window + 1 .. i]}, fewer at the start. */
  static double[] trailingMean(double[] values, int window) {
    double[] mean = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      if (i >= window) {
        sum -= values[i - window];
      }
      mean[i] = sum / Math.min(i + 1, window);
    }
    return mean;
  }
}
