package org.convnet4j.cli.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.convnet4j.Padding;
import org.convnet4j.tensor.AxisGeometry;
import org.junit.jupiter.api.Test;

class ConvolutionStepDiagramTest {

  private static final int[] INPUT = {7, 7, 1};
  private static final int[] FILTER = {3, 3};
  private static final int[] STRIDE = {2, 2};

  private static Color colourNearCorner(
      BufferedImage image, ConvolutionStepDiagram diagram, int panel, int row, int col) {
    int[] origin = diagram.inputCellOrigin(diagram.panelLeft(panel), row, col);
    return new Color(image.getRGB(origin[0] + 4, origin[1] + 4));
  }

  @Test
  void sameDrawsAZeroRingThatValidDoesNot() {
    ConvolutionStepDiagram diagram =
        new ConvolutionStepDiagram(INPUT, FILTER, STRIDE, List.of(Padding.SAME, Padding.VALID));
    BufferedImage image = diagram.draw();

    // SAME, 7 in, 3 wide, stride 2: out 4, pad total (4-1)*2+3-7 = 2, one cell each side.
    // Row 0, column 6 of the 9x9 padded grid is padding outside both highlighted windows.
    assertThat(colourNearCorner(image, diagram, 0, 0, 6))
        .isEqualTo(ConvolutionStepDiagram.PAD_CELL);
    assertThat(colourNearCorner(image, diagram, 0, 1, 6)).isEqualTo(Color.WHITE);
    // VALID has no padding: the same cell is input.
    assertThat(colourNearCorner(image, diagram, 1, 0, 6)).isEqualTo(Color.WHITE);
  }

  @Test
  void onePanelPerPaddingSideBySide() {
    ConvolutionStepDiagram two =
        new ConvolutionStepDiagram(INPUT, FILTER, STRIDE, List.of(Padding.SAME, Padding.VALID));
    ConvolutionStepDiagram three =
        new ConvolutionStepDiagram(
            INPUT, FILTER, STRIDE, List.of(Padding.explicit(1), Padding.SAME, Padding.VALID));

    assertThat(two.draw().getWidth()).isEqualTo(two.panelLeft(2));
    assertThat(three.draw().getWidth())
        .isEqualTo(three.panelLeft(3))
        .isGreaterThan(two.panelLeft(2));
  }

  @Test
  void formulasPutTheTutorialsNumbersIn() {
    assertThat(ConvolutionStepDiagram.formula(Padding.SAME, AxisGeometry.same(7, 3, 2)))
        .isEqualTo("ceil(7 / 2) = 4");
    assertThat(ConvolutionStepDiagram.formula(Padding.VALID, AxisGeometry.valid(7, 3, 2)))
        .isEqualTo("ceil((7 - 3 + 1) / 2) = 3");
    // The tutorial's example: 32 in, 8 wide, stride 2, P = 1 gives 14.
    assertThat(
            ConvolutionStepDiagram.formula(
                Padding.explicit(1), AxisGeometry.explicit(32, 8, 2, 1, 1)))
        .isEqualTo("floor((32 - 8 + 1 + 1) / 2) + 1 = 14");
  }

  @Test
  void filterLargerThanInputStillDrawsSameAndExplainsValid() {
    ConvolutionStepDiagram diagram =
        new ConvolutionStepDiagram(
            INPUT, new int[] {9, 9}, new int[] {1, 1}, List.of(Padding.SAME, Padding.VALID));

    BufferedImage image = diagram.draw();

    assertThat(image.getWidth()).isEqualTo(diagram.panelLeft(2));
  }

  @Test
  void inputTooLargeToDrawIsAnError() {
    assertThatThrownBy(
            () ->
                new ConvolutionStepDiagram(
                    new int[] {224, 224, 3}, FILTER, STRIDE, List.of(Padding.SAME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "visualize --shape: draws padded inputs up to 64 cells a side, this one has 225");
  }
}
