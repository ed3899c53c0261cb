package org.convnet4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.train.translation.Canvas;
import org.convnet4j.train.translation.OffsetGrid;
import org.convnet4j.train.translation.Regime;
import org.convnet4j.train.translation.TranslationCell;
import org.convnet4j.train.translation.TranslationConfig;
import org.convnet4j.train.translation.TranslationNetwork;
import org.convnet4j.train.translation.TranslationResult;
import org.junit.jupiter.api.Test;

/** The page's sentences follow the numbers, whether or not they bear out the expectation. */
class TranslationPageTest {

  private static final TranslationConfig CONFIG =
      TranslationConfig.quick()
          .withRegimes(List.of(Regime.CENTRED))
          .withNetworks(List.of(TranslationNetwork.DENSE, TranslationNetwork.CONV_GLOBAL_POOL));
  private static final Canvas CANVAS = CONFIG.canvas();
  private static final OffsetGrid GRID = CONFIG.grid();

  /** {@code centre} at the centre, {@code elsewhere} at every other grid position. */
  private static TranslationCell centredCell(
      TranslationNetwork network, double centre, double elsewhere) {
    double[][] accuracy = new double[GRID.points()][GRID.points()];
    for (double[] row : accuracy) {
      java.util.Arrays.fill(row, elsewhere);
    }
    int c = GRID.nearestIndex(CANVAS.centre());
    accuracy[c][c] = centre;
    return new TranslationCell(4_000, Regime.CENTRED, network, accuracy, 0.2, 100, 100, 1, 0.1);
  }

  private static List<String> findings(double denseFar, double pooledElsewhere) {
    List<TranslationCell> cells = new ArrayList<>();
    cells.add(centredCell(TranslationNetwork.DENSE, 0.95, denseFar));
    cells.add(centredCell(TranslationNetwork.CONV_GLOBAL_POOL, 0.9, pooledElsewhere));
    return new TranslationPage(new TranslationResult(CONFIG, cells, 10)).findings();
  }

  @Test
  void resultsAsExpectedSaySo() {
    List<String> sentences = findings(0.11, 0.88);

    assertThat(sentences)
        .contains(
            "Trained on centred digits, the dense network is right 95.00 % of the time at the"
                + " centre and 11.00 % at the positions farthest from it (8 pixels away): near"
                + " chance (10 %), as expected of a network whose weights are tied to positions.");
    assertThat(sentences)
        .anyMatch(
            s ->
                s.startsWith("With global average pooling")
                    && s.endsWith("as expected: no layer is tied to a position."));
  }

  @Test
  void resultsAgainstExpectationSaySo() {
    List<String> sentences = findings(0.6, 0.5);

    assertThat(sentences)
        .anyMatch(
            s ->
                s.contains("60.00 % at the positions farthest")
                    && s.contains("contrary to expectation, well above chance"));
    assertThat(sentences)
        .anyMatch(
            s ->
                s.contains(
                    "Contrary to expectation, it is not flat: its worst position is 40.0 points"
                        + " below the centre"));
  }

  @Test
  void aRunThatLearnedLittleIsNamed() {
    List<String> sentences =
        new TranslationPage(
                new TranslationResult(
                    CONFIG,
                    List.of(
                        centredCell(TranslationNetwork.DENSE, 0.95, 0.1),
                        centredCell(TranslationNetwork.CONV_GLOBAL_POOL, 0.4, 0.4)),
                    10))
            .findings();

    assertThat(sentences)
        .anyMatch(
            s ->
                s.startsWith("Some runs learned little")
                    && s.endsWith(
                        "Conv + global average pooling (digits centred only, 4,000 digits: 40.00"
                            + " %)."));
  }
}
