package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

/** Keras' BatchNormalization: batch statistics in training, moving ones in inference. */
class BatchNormalizationTest {

  // Two channels over four rows: channel 0 is 1, 2, 3, 4 (mean 2.5, biased variance 1.25, where
  // the unbiased one would be 5/3); channel 1 is 10, 10, 10, 14 (mean 11, biased variance 3).
  private static final Tensor ROWS = Tensor.of(new float[] {1, 10, 2, 10, 3, 10, 4, 14}, 4, 2);

  @Test
  void trainingNormalizesWithTheBatchStatisticsAndMovesTheMovingOnesAsKeras3() {
    Sequential model = new Sequential(new int[] {2}, 1, new BatchNormalization());
    BatchNormalization bn = (BatchNormalization) model.layers().getFirst();

    float[] y = model.forward(ROWS, true).toFloatArray();

    // (x - mean) / sqrt(variance + 0.001), gamma 1 and beta 0 at the start.
    double s0 = Math.sqrt(1.25 + 0.001);
    double s1 = Math.sqrt(3 + 0.001);
    assertThat(y)
        .containsExactly(
            new float[] {
              (float) (-1.5 / s0), (float) (-1 / s1), (float) (-0.5 / s0), (float) (-1 / s1),
              (float) (0.5 / s0), (float) (-1 / s1), (float) (1.5 / s0), (float) (3 / s1)
            },
            within(1e-6f));
    // moving = moving * 0.99 + batch * 0.01, from zeros and ones, with the biased variance.
    assertThat(bn.movingMean().value().toFloatArray())
        .containsExactly(new float[] {0.025f, 0.11f}, within(1e-7f));
    assertThat(bn.movingVariance().value().toFloatArray())
        .containsExactly(new float[] {0.99f + 0.0125f, 0.99f + 0.03f}, within(1e-7f));
  }

  @Test
  void inferenceUsesTheMovingStatisticsAndChangesNothing() {
    Sequential model = new Sequential(new int[] {2}, 1, new BatchNormalization());
    BatchNormalization bn = (BatchNormalization) model.layers().getFirst();
    bn.movingMean().assign(Tensor.of(new float[] {1, -2}, 2));
    bn.movingVariance().assign(Tensor.of(new float[] {4, 0.25f}, 2));
    bn.gamma().assign(Tensor.of(new float[] {2, 1}, 2));
    bn.beta().assign(Tensor.of(new float[] {0.5f, 0}, 2));

    float[] y = model.forward(ROWS, false).toFloatArray();

    for (int i = 0; i < 8; i++) {
      int c = i % 2;
      double expected =
          (ROWS.toFloatArray()[i] - (c == 0 ? 1 : -2)) / Math.sqrt((c == 0 ? 4 : 0.25) + 0.001)
              * (c == 0 ? 2 : 1)
              + (c == 0 ? 0.5 : 0);
      assertThat((double) y[i]).isCloseTo(expected, within(1e-5));
    }
    assertThat(bn.movingMean().value().toFloatArray()).containsExactly(1, -2);
  }

  @Test
  void afterAConvolutionEachChannelIsNormalizedOverTheBatchAndEveryPixel() {
    Sequential model =
        new Sequential(
            new int[] {5, 4, 3},
            2,
            new Conv2D(6, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization());
    Tensor images = Tensor.randomUniform(61, -1f, 1f, 3, 5, 4, 3);

    float[] y = model.forward(images, true).toFloatArray();

    for (int c = 0; c < 6; c++) {
      double sum = 0;
      double squares = 0;
      for (int i = c; i < y.length; i += 6) {
        sum += y[i];
        squares += (double) y[i] * y[i];
      }
      int count = y.length / 6;
      assertThat(sum / count).as("mean of channel %d", c).isCloseTo(0, within(1e-5));
      // variance / (variance + epsilon) is a little below 1.
      assertThat(squares / count).as("variance of channel %d", c).isCloseTo(1, within(1e-2));
    }
  }

  @Test
  void theOptimizerSeesGammaAndBetaAndTheCheckpointTheMovingStatisticsToo() {
    Sequential model =
        new Sequential(
            new int[] {4, 4, 2},
            3,
            new Conv2D(8, 3, 1, Padding.SAME, Activation.RELU).withUseBias(false),
            new BatchNormalization(),
            new Flatten(),
            new Dense(3));

    assertThat(model.variables().stream().map(Variable::name))
        .containsExactly(
            "conv2d_1/kernel",
            "batch_normalization_1/gamma",
            "batch_normalization_1/beta",
            "dense_1/kernel",
            "dense_1/bias");
    assertThat(model.nonTrainableVariables().stream().map(Variable::name))
        .containsExactly(
            "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance");
    // Keras' counts: 4 * 8 = 32, of which the 16 moving statistics are not trainable.
    assertThat(model.layers().get(1).parameterCount()).isEqualTo(32);
    assertThat(model.nonTrainableParameterCount()).isEqualTo(16);
    assertThat(model.parameterCount()).isEqualTo(3 * 3 * 2 * 8 + 32 + 128 * 3 + 3);
    assertThat(model.summary().toString().lines())
        .anySatisfy(l -> assertThat(l).contains("batch_normalization_1 (BatchNormalization)",
            "4x4x8", "32"))
        .anySatisfy(l -> assertThat(l).startsWith("Trainable").contains("547"))
        .anySatisfy(l -> assertThat(l).startsWith("Non-trainable").contains("16"));
  }

  @Test
  void withoutCenterAndScaleThereIsNothingToTrain() {
    Sequential model =
        new Sequential(
            new int[] {3}, 1, new BatchNormalization(1, 0.9, 1e-5, false, false), new Dense(2));
    BatchNormalization bn = (BatchNormalization) model.layers().getFirst();
    Tensor x = Tensor.randomUniform(62, -1f, 1f, 5, 3);

    assertThat(bn.variables()).isEmpty();
    assertThat(bn.gamma()).isNull();
    assertThat(bn.forward(x, true).toFloatArray())
        .containsExactly(
            Ops.fusedBatchNorm(x, Tensor.ones(3), Tensor.zeros(3), 1e-5f).output().toFloatArray());
    assertThat(model.specs().getFirst().toString())
        .isEqualTo(
            "BatchNormalization batch_normalization_1 axis=1 momentum=0.9 epsilon=1.0E-5"
                + " center=false scale=false");
  }

  @Test
  void specsReadBackWithKerasDefaults() {
    Sequential model =
        new Sequential(new int[] {6}, 1, new Dense(4), new BatchNormalization(), new Dense(2));

    List<LayerSpec> specs = model.specs();

    assertThat(specs.get(1).toString())
        .isEqualTo(
            "BatchNormalization batch_normalization_1 axis=-1 momentum=0.99 epsilon=0.001"
                + " center=true scale=true");
    SpecRoundTrip.assertSpecsRoundTrip(model);
  }

  @Test
  void onlyTheLastAxisCanBeNormalized() {
    assertThatThrownBy(
            () ->
                new Sequential(
                    new int[] {4, 4, 2}, 1, new BatchNormalization(1, 0.99, 1e-3, true, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "batch_normalization_1: only the last axis (-1 or 3 for inputs [n, 4, 4, 2]) can be"
                + " normalized, got axis 1");
    assertThatThrownBy(() -> new BatchNormalization(-1, 1.5, 1e-3, true, true))
        .hasMessage("BatchNormalization: momentum must be in [0, 1], got 1.5");
  }

  @Test
  void gradientsFlowThroughTheBatchStatisticsToTheConvolution() {
    // The training output's gradient for the kernel equals the one through the ops written out.
    Sequential model =
        new Sequential(
            new int[] {4, 3, 2},
            4,
            new Conv2D(3, 2, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization(),
            new Flatten(),
            new Dense(2));
    Tensor images = Tensor.randomUniform(63, -1f, 1f, 5, 4, 3, 2);
    Conv2D conv = (Conv2D) model.layers().getFirst();
    BatchNormalization bn = (BatchNormalization) model.layers().get(1);
    Dense dense = (Dense) model.layers().get(3);
    Tensor kernel = conv.kernel().value();

    float[] viaModel = kernelGradient(kernel, () -> model.forward(images, true));
    float[] writtenOut =
        kernelGradient(
            kernel,
            () -> {
              Tensor z = Ops.conv2d(images, kernel, new int[] {1, 1, 1, 1}, Padding.SAME);
              Tensor n = Ops.fusedBatchNorm(z, bn.gamma().value(), bn.beta().value(), 1e-3f)
                  .output();
              return Ops.add(Ops.matmul(Ops.reshape(n, 5, -1), dense.kernel().value()),
                  dense.bias().value());
            });

    assertThat(viaModel).containsExactly(writtenOut, within(1e-5f));
  }

  private static float[] kernelGradient(Tensor kernel, java.util.function.Supplier<Tensor> f) {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(kernel);
      Tensor y = f.get();
      return tape.gradient(Ops.reduceSum(Ops.multiply(y, y)), kernel)[0].toFloatArray();
    }
  }
}
