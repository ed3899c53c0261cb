package org.convnet4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convnet4j.Padding;
import org.junit.jupiter.api.Test;

/** The output-size arithmetic, by hand and as properties over ranges of sizes. */
class GeometryTest {

  @Test
  void tutorialSameExample() {
    // 10 wide, 5 wide filter, stride 2: out = ceil(10 / 2) = 5, total = (5-1)*2 + 5 - 10 = 3
    AxisGeometry a = AxisGeometry.same(10, 5, 2);
    assertThat(a.out()).isEqualTo(5);
    assertThat(a.padBefore()).isEqualTo(1);
    assertThat(a.padAfter()).isEqualTo(2);
  }

  @Test
  void tutorialValidAndExplicitExamples() {
    // VALID: ceil((10 - 5 + 1) / 2) = 3; explicit P = 1: (32 - 8 + 2) / 2 + 1 = 14
    assertThat(AxisGeometry.valid(10, 5, 2).out()).isEqualTo(3);
    assertThat(AxisGeometry.explicit(32, 8, 2, 1, 1).out()).isEqualTo(14);
  }

  // SAME: the padding is just enough for ceil(in / s) windows, split with the odd cell after.
  @Test
  void samePaddingPropertiesOverRanges() {
    for (int in = 1; in <= 30; in++) {
      for (int f = 1; f <= 7; f++) {
        for (int s = 1; s <= 5; s++) {
          AxisGeometry a = AxisGeometry.same(in, f, s);
          String label = "in=%d f=%d s=%d".formatted(in, f, s);
          assertThat(a.out()).as(label).isEqualTo((in + s - 1) / s);
          int total = a.padBefore() + a.padAfter();
          assertThat(a.padAfter() - a.padBefore()).as(label).isBetween(0, 1);
          assertThat((a.out() - 1) * s + f).as(label).isLessThanOrEqualTo(in + total);
          assertThat(total).as(label).isEqualTo(Math.max((a.out() - 1) * s + f - in, 0));
        }
      }
    }
  }

  // VALID: every window fits, and one more would not.
  @Test
  void validWindowsFitAndOneMoreWouldNot() {
    for (int in = 1; in <= 30; in++) {
      for (int f = 1; f <= in && f <= 7; f++) {
        for (int s = 1; s <= 5; s++) {
          AxisGeometry a = AxisGeometry.valid(in, f, s);
          assertThat((a.out() - 1) * s + f).isLessThanOrEqualTo(in);
          assertThat(a.out() * s + f).isGreaterThan(in);
        }
      }
    }
  }

  @Test
  void impossibleWindowsAreErrors() {
    assertThatThrownBy(() -> AxisGeometry.valid(3, 4, 1))
        .hasMessage("VALID padding: window 4 is larger than input 3, so there is no output");
    assertThatThrownBy(() -> AxisGeometry.explicit(2, 5, 1, 1, 1))
        .hasMessage("explicit padding: window 5 is larger than padded input 4 (2 + 1 + 1)");
    assertThatThrownBy(() -> AxisGeometry.same(0, 1, 1))
        .hasMessage("input size, window and stride must be at least 1, got input=0 window=1"
            + " stride=1");
  }

  @Test
  void conv2dGeometryResolvesBothAxesAndSizes() {
    Conv2dGeometry g = Conv2dGeometry.of(2, 7, 5, 3, 3, 2, 4, 2, 1, Padding.SAME);
    assertThat(g.oh()).isEqualTo(4); // ceil(7 / 2)
    assertThat(g.ow()).isEqualTo(5); // ceil(5 / 1)
    assertThat(g.padTop()).isEqualTo(1); // total (4-1)*2 + 3 - 7 = 2: 1 and 1
    assertThat(g.padBottom()).isEqualTo(1);
    assertThat(g.padLeft() + g.padRight()).isEqualTo(1); // (5-1)*1 + 2 - 5 = 1: 0 before, 1 after
    assertThat(g.padRight()).isEqualTo(1);
    assertThat(g.inputSize()).isEqualTo(2 * 7 * 5 * 3);
    assertThat(g.filterSize()).isEqualTo(3 * 2 * 3 * 4);
    assertThat(g.outputSize()).isEqualTo(2 * 4 * 5 * 4);
  }

  @Test
  void pool2dGeometryResolvesBothAxes() {
    Pool2dGeometry g = Pool2dGeometry.of(1, 7, 7, 64, 2, 2, 2, 2, Padding.SAME);
    assertThat(g.oh()).isEqualTo(4);
    assertThat(g.ow()).isEqualTo(4);
    assertThat(g.padBottom()).isEqualTo(1);
    assertThat(g.outputSize()).isEqualTo(4 * 4 * 64);
  }

  @Test
  void parameterCountsOfTheTutorialsLayers() {
    Conv2dGeometry tutorial = Conv2dGeometry.of(1, 32, 32, 3, 8, 8, 20, 2, 2, Padding.explicit(1));
    assertThat(ParameterCounts.shared(tutorial)).isEqualTo(3_860);
    assertThat(ParameterCounts.unshared(tutorial)).isEqualTo(756_560);
    // The conv2d snippet: 5x5x3 filters, 64 of them, 5x5 output: (75 + 1) * 64 and * 25.
    Conv2dGeometry snippet = Conv2dGeometry.of(1, 10, 10, 3, 5, 5, 64, 2, 2, Padding.SAME);
    assertThat(ParameterCounts.shared(snippet)).isEqualTo(4_864);
    assertThat(ParameterCounts.unshared(snippet)).isEqualTo(121_600);
  }
}
