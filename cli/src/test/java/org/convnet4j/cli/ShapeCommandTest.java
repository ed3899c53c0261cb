package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code convnet4j shape}: the tutorial's numbers, the formulas, and one-line errors. */
class ShapeCommandTest {

  private static CommandRun shape(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "shape";
    System.arraycopy(args, 0, all, 1, args.length);
    return CommandRun.main(all);
  }

  @Test
  void tutorialParameterSharingExample() {
    CommandRun run = shape("--input", "32x32x3", "--filter", "8x8", "--filters", "20",
        "--stride", "2", "--padding", "1");
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).containsExactly(
        "input   32x32x3",
        "layer   conv2d, 20 filters of 8x8x3, stride 2x2, padding 1",
        "output  14x14x20",
        "",
        "height and width  (W - F + 2P) / S + 1 = (32 - 8 + 2*1) / 2 + 1 = 14",
        "",
        "parameters",
        "  shared (conv2d):               (8*8*3 + 1) * 20 = 3,860",
        "  unshared (locally connected):  (8*8*3 + 1) * 14*14*20 = 756,560");
  }

  @Test
  void tutorialSameExampleShowsTheCeilFormulaAndWhereThePaddingGoes() {
    CommandRun run = shape("--input", "10x10x3", "--filter", "5x5", "--filters", "64",
        "--stride", "2", "--padding", "SAME");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("output  5x5x64")
        .contains("height and width  ceil(W / S) = ceil(10 / 2) = 5")
        .contains("                  padding max((5-1)*2 + 5 - 10, 0) = 3: 1 before, 2 after")
        .contains("(5*5*3 + 1) * 64 = 4,864");
  }

  @Test
  void validUsesTensorFlowsFormula() {
    CommandRun run = shape("--input", "10x10x3", "--filter", "5x5", "--filters", "64",
        "--stride", "2", "--padding", "valid");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("output  3x3x64")
        .contains("ceil((W - F + 1) / S) = ceil((10 - 5 + 1) / 2) = 3");
  }

  @Test
  void unequalAxesGetALineEachAndRoundingIsSaid() {
    CommandRun run = shape("--input", "33x28x3", "--filter", "8x6", "--filters", "4",
        "--stride", "2", "--padding", "1");
    assertThat(run.out())
        .contains("output  14x13x4")
        .contains("height  (W - F + 2P) / S + 1 = (33 - 8 + 2*1) / 2 + 1 = 14 (rounded down)")
        .contains("width   (W - F + 2P) / S + 1 = (28 - 6 + 2*1) / 2 + 1 = 13");
  }

  @Test
  void poolingWindowHasNoParameters() {
    CommandRun run = shape("--input", "7x7x64", "--pool", "2x2", "--stride", "2");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("layer   pooling, 2x2 window, stride 2x2, padding SAME")
        .contains("output  4x4x64")
        .contains("padding max((4-1)*2 + 2 - 7, 0) = 1: 0 before, 1 after")
        .contains("parameters  none: pooling learns nothing");
  }

  @Test
  void zeroSizeIsAnErrorNotAnEmptyOutput() {
    assertOneLineError(shape("--input", "0x32x3", "--filter", "8x8", "--filters", "20"),
        "convnet4j shape: --input: expected 2 to 3 positive whole numbers joined by 'x'"
            + " (like 7x7x1), got '0x32x3'");
  }

  @Test
  void negativeSizeIsAnError() {
    assertOneLineError(shape("--input", "32x32x3", "--filter", "8x-8", "--filters", "20"),
        "convnet4j shape: --filter: expected 2 positive whole numbers joined by 'x'"
            + " (like 7x7x1), got '8x-8'");
  }

  @Test
  void malformedPoolIsAnError() {
    assertOneLineError(shape("--input", "32x32x3", "--pool", "2by2"),
        "convnet4j shape: --pool: expected 2 positive whole numbers joined by 'x'"
            + " (like 7x7x1), got '2by2'");
  }

  @Test
  void zeroFiltersIsAnError() {
    assertOneLineError(shape("--input", "8x8", "--filter", "3x3", "--filters", "0"),
        "convnet4j shape: --filters: expected a positive whole number, got 0");
  }

  @Test
  void zeroStrideIsAnError() {
    assertOneLineError(shape("--input", "8x8", "--filter", "3x3", "--filters", "1",
            "--stride", "0"),
        "convnet4j shape: --stride: expected 1 to 2 positive whole numbers joined by 'x'"
            + " (like 7x7x1), got '0'");
  }

  @Test
  void windowLargerThanAValidInputIsAnError() {
    assertOneLineError(shape("--input", "4x4x3", "--filter", "5x5", "--filters", "2",
            "--padding", "VALID"),
        "convnet4j shape: VALID padding: window 5 is larger than input 4, so there is no output");
  }

  @Test
  void poolPaddingAsLargeAsTheWindowIsAnError() {
    assertOneLineError(shape("--input", "8x8", "--pool", "2x2", "--padding", "2"),
        "convnet4j shape: --pool: padding 2 must be smaller than the 2x2 window, or some windows"
            + " would hold padding only");
  }

  @Test
  void filterNeedsFiltersAndPoolRefusesThem() {
    assertOneLineError(shape("--input", "8x8", "--filter", "3x3"),
        "convnet4j shape: give --filter with --filters, or --pool");
    assertOneLineError(shape("--input", "8x8", "--pool", "2x2", "--filters", "3"),
        "convnet4j shape: --filters goes with --filter, not with --pool");
  }

  @Test
  void badPaddingIsAnError() {
    assertOneLineError(shape("--input", "8x8", "--pool", "2x2", "--padding", "FULL"),
        "convnet4j shape: padding: expected SAME, VALID or a non-negative integer, got 'FULL'");
  }

  private static void assertOneLineError(CommandRun run, String message) {
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(message);
  }
}
