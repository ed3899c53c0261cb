package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;

/** Keras' GlobalAveragePooling2D and GlobalMaxPooling2D as layers of a model. */
class GlobalPoolingTest {

  private static final Tensor IMAGES = Tensor.randomUniform(41, -1f, 1f, 3, 6, 5, 4);

  @Test
  void averageIsTheMeanOverRowsAndColumns() {
    Sequential model = new Sequential(new int[] {6, 5, 4}, 1, new GlobalAveragePooling2D());
    // reduceMean over the rows (axis 1), then over the columns (now axis 1).
    Tensor expected = Ops.reduceMean(Ops.reduceMean(IMAGES, 1), 1);

    assertThat(model.forward(IMAGES, false).shape()).containsExactly(3, 4);
    assertThat(model.forward(IMAGES, false).toFloatArray())
        .containsExactly(expected.toFloatArray(), within(1e-6f));
  }

  @Test
  void maxIsTheMaxPoolingOfOneWholeImageWindow() {
    Sequential model = new Sequential(new int[] {6, 5, 4}, 1, new GlobalMaxPooling2D());
    Tensor expected =
        Ops.maxPool(IMAGES, new int[] {1, 6, 5, 1}, new int[] {1, 1, 1, 1}, Padding.VALID);

    assertThat(model.forward(IMAGES, false).toFloatArray())
        .containsExactly(expected.toFloatArray());
  }

  @Test
  void specsAndSummaryNameThemAsKerasDoes() {
    Sequential model =
        new Sequential(
            new int[] {6, 5, 4},
            2,
            new Conv2D(8, 3, 1, Padding.SAME, Activation.RELU),
            new GlobalMaxPooling2D(),
            new Dense(4));
    Sequential other =
        new Sequential(new int[] {6, 5, 4}, 2, new GlobalAveragePooling2D(), new Dense(4));

    List<LayerSpec> specs = model.specs();

    assertThat(specs.get(1).toString()).isEqualTo("GlobalMaxPooling2D global_max_pooling2d_1");
    assertThat(other.specs().getFirst().toString())
        .isEqualTo("GlobalAveragePooling2D global_average_pooling2d_1");
    SpecRoundTrip.assertSpecsRoundTrip(model);
    assertThat(model.summary().toString())
        .contains("global_max_pooling2d_1 (GlobalMaxPooling2D)");
  }

  @Test
  void aFlatInputIsAnError() {
    assertThatThrownBy(
            () -> new Sequential(new int[] {12}, 1, new GlobalAveragePooling2D(), new Dense(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "global_average_pooling2d_1: expected an image input [height, width, channels],"
                + " got [12]");
  }
}
