package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.convnet4j.Padding;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.BatchNormalization;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.GlobalAveragePooling2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Adam;
import org.junit.jupiter.api.Test;

/** The per-layer table's rows for any model; the figures themselves belong to the bench. */
class LayerTimingsTest {

  @Test
  void everyStageThenTheLossThenTheUpdateGetARow() {
    Sequential model =
        new Sequential(
            new int[] {6, 6, 3},
            1,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
            new MaxPool2D(2, 2, Padding.VALID),
            new Conv2D(5, 3, 1, Padding.SAME, Activation.LINEAR),
            new BatchNormalization(),
            new GlobalAveragePooling2D(),
            new Dense(3));

    List<LayerTimings.Timing> rows = new LayerTimings(model, new Adam(1e-3f), 3).measure();

    assertThat(rows)
        .extracting(LayerTimings.Timing::layer)
        .containsExactly(
            "conv2d_1+max_pool2d_1",
            "conv2d_2",
            "batch_normalization_1",
            "global_average_pooling2d_1",
            "dense_1",
            "loss",
            "adam, 8 variables");
    assertThat(rows.get(1).output()).isEqualTo("3x3x5");
    // 3 images of 6 * 6 * 4 outputs, 3 * 3 * 3 multiply-adds each, 2 operations per multiply-add.
    assertThat(rows.get(0).gflop()).isEqualTo(2.0 * 3 * 6 * 6 * 4 * 27 / 1e9);
    // The first stage's input needs no gradient; the others' do, which doubles the work.
    assertThat(rows.get(0).backwardGflop()).isEqualTo(rows.get(0).gflop());
    assertThat(rows.get(1).backwardGflop()).isEqualTo(2 * rows.get(1).gflop());
    assertThat(rows.getLast().backwardMillis()).isNaN();
    assertThat(rows).allSatisfy(row -> assertThat(row.forwardMillis()).isPositive());
    assertThat(rows.get(2).json())
        .startsWith("{\"layer\": \"batch_normalization_1\", \"forward_ms\": ");
  }
}
