package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {

  @Test
  void shrinkingTheIdentityMatchesTensorFlowsDocumentedExample() {
    // tf.image.resize's docstring: a 5x5 identity resized to [3, 5] with the default bilinear.
    float[] identity = new float[25];
    for (int i = 0; i < 5; i++) {
      identity[i * 5 + i] = 1;
    }

    float[] out = BilinearResize.resize(identity, 5, 5, 1, 3, 5);

    float[] expected = {
      0.6666667f,
      0.3333333f,
      0,
      0,
      0, //
      0,
      0,
      1,
      0,
      0, //
      0,
      0,
      0,
      0.3333335f,
      0.6666665f
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(out[i]).as("value %d", i).isCloseTo(expected[i], within(1e-7f));
    }
  }

  @Test
  void enlargingTwoByTwoToFourByFourByHand() {
    // scale 0.5: output i reads in = (i + 0.5) * 0.5 - 0.5 = -0.25, 0.25, 0.75, 1.25, so rows and
    // columns 0 and 3 copy the edge (clamped), 1 and 2 blend with weights 0.25 and 0.75.
    float[] in = {0, 4, 8, 12};

    float[] out = BilinearResize.resize(in, 2, 2, 1, 4, 4);

    assertThat(out).containsExactly(0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12);
  }

  @Test
  void halvingAveragesPairsAndThirdingSkipsPixelsWithoutAntialiasing() {
    float[] row = {0, 10, 20, 30, 40, 50};

    // scale 3: in = (i + 0.5) * 3 - 0.5 = 1, 4: pixels 1 and 4 exactly, the others unused
    assertThat(BilinearResize.resize(row, 1, 6, 1, 1, 2)).containsExactly(10, 40);
    // scale 2 on the first four: in = 0.5, 2.5: the mean of each pair
    assertThat(BilinearResize.resize(new float[] {0, 10, 20, 30}, 1, 4, 1, 1, 2))
        .containsExactly(5, 25);
  }

  @Test
  void channelsAreResizedEachOnTheirOwn() {
    // two pixels of (r, g, b): (0, 100, 200) and (40, 60, 80); widen to 4 columns
    float[] in = {0, 100, 200, 40, 60, 80};

    float[] out = BilinearResize.resize(in, 1, 2, 3, 1, 4);

    // columns read in = -0.25, 0.25, 0.75, 1.25: edge, 0.25 of the way, 0.75 of the way, edge
    assertThat(out).containsExactly(0, 100, 200, 10, 90, 170, 30, 70, 110, 40, 60, 80);
  }

  @Test
  void theSameSizeGivesTheSameValues() {
    float[] in = {1, 2, 3, 4, 5, 6};

    assertThat(BilinearResize.resize(in, 2, 3, 1, 2, 3)).containsExactly(in);
  }
}
