package org.convnet4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/** A bar chart of the model's top guesses for one image, drawn with XChart. */
public final class PredictionChart {

  private PredictionChart() {}

  public static CategoryChart chart(String imageName, List<Predictions.Guess> guesses) {
    Predictions.Guess best = guesses.getFirst();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(640)
            .height(400)
            .title(
                "%s: %s (%.1f %%)".formatted(imageName, best.className(), 100 * best.probability()))
            .xAxisTitle("class")
            .yAxisTitle("probability (%)")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setYAxisDecimalPattern("0");
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    CategorySeries series =
        chart.addSeries(
            "probability",
            guesses.stream().map(Predictions.Guess::className).toList(),
            guesses.stream().map(g -> 100 * g.probability()).toList());
    series.setFillColor(new Color(0x1f, 0x77, 0xb4));
    return chart;
  }

  public static BufferedImage image(CategoryChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }
}
