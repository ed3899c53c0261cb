package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

/** Keras' {@code use_bias=False} for Conv2D, Dense and LocallyConnected2D. */
class UseBiasTest {

  private static final Tensor IMAGES = Tensor.randomUniform(51, -1f, 1f, 2, 6, 6, 3);

  @Test
  void withoutABiasTheLayersHaveOnlyAKernelAndComputeTheBareProduct() {
    Sequential model =
        new Sequential(
            new int[] {6, 6, 3},
            1,
            new Conv2D(4, 3, 2, Padding.SAME, Activation.TANH).withUseBias(false),
            new LocallyConnected2D(2, 2, 1, Padding.VALID, Activation.LINEAR).withUseBias(false),
            new Flatten(),
            new Dense(5, Activation.RELU).withUseBias(false),
            new Dense(2));
    Conv2D conv = (Conv2D) model.layers().get(0);
    LocallyConnected2D local = (LocallyConnected2D) model.layers().get(1);
    Dense dense = (Dense) model.layers().get(3);

    assertThat(model.variables().stream().map(Variable::name))
        .containsExactly(
            "conv2d_1/kernel",
            "locally_connected2d_1/kernel",
            "dense_1/kernel",
            "dense_2/kernel",
            "dense_2/bias");
    assertThat(conv.bias()).isNull();
    assertThat(conv.useBias()).isFalse();
    Tensor a = conv.forward(IMAGES, false);
    assertThat(a.toFloatArray())
        .containsExactly(
            Ops.tanh(Ops.conv2d(IMAGES, conv.kernel().value(), new int[] {1, 2, 2, 1},
                    Padding.SAME))
                .toFloatArray(),
            within(1e-6f));
    Tensor b = local.forward(a, false);
    assertThat(b.toFloatArray())
        .containsExactly(
            Ops.locallyConnected2d(a, local.kernel().value(), Tensor.zeros(2, 2, 2),
                    new int[] {1, 1, 1, 1}, Padding.VALID)
                .toFloatArray());
    Tensor flat = Ops.reshape(b, 2, -1);
    assertThat(dense.forward(flat, false).toFloatArray())
        .containsExactly(
            Ops.relu(Ops.matmul(flat, dense.kernel().value())).toFloatArray(), within(1e-6f));
  }

  @Test
  void parameterCountsLeaveTheBiasOut() {
    // conv: 3*3*3*4 = 108 (112 with a bias), without sharing * 3*3 positions = 972;
    // dense: the 3x3x4 = 36 features * 5 units = 180.
    Sequential model =
        new Sequential(
            new int[] {6, 6, 3},
            1,
            new Conv2D(4, 3, 2, Padding.SAME, Activation.RELU).withUseBias(false),
            new Flatten(),
            new Dense(5).withUseBias(false));

    assertThat(model.layers().get(0).parameterCount()).isEqualTo(108);
    assertThat(model.layers().get(0).parameterCountWithoutSharing()).isEqualTo(972);
    assertThat(model.layers().get(2).parameterCount()).isEqualTo(36 * 5);
  }

  @Test
  void specsSayUseBiasFalseOnlyWhenThereIsNoBias() {
    Sequential model =
        new Sequential(
            new int[] {6, 6, 3},
            2,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU).withUseBias(false),
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
            new Flatten(),
            new Dense(5).withUseBias(false));

    List<LayerSpec> specs = model.specs();

    assertThat(specs.get(0).toString())
        .isEqualTo(
            "Conv2D conv2d_1 filters=4 kernel=3x3 strides=1x1 padding=SAME activation=relu"
                + " use_bias=false");
    assertThat(specs.get(1).toString()).doesNotContain("use_bias");
    assertThat(specs.get(3).toString())
        .isEqualTo("Dense dense_1 units=5 activation=linear use_bias=false");
    SpecRoundTrip.assertSpecsRoundTrip(model);
  }

  @Test
  void aSpecWithoutUseBiasHasABiasAndAMalformedOneIsNamed() {
    assertThat(((Dense) LayerSpec.parse("Dense dense_1 units=3 activation=linear").toLayer())
            .useBias())
        .isTrue();
    assertThatThrownBy(
            () -> LayerSpec.parse("Dense dense_1 units=3 activation=linear use_bias=no").toLayer())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer spec: use_bias must be true or false, got 'no'");
  }

  @Test
  void aReluConvolutionWithoutBiasStillFusesWithItsPoolingAndGivesTheLayerByLayerValues() {
    Sequential model =
        new Sequential(
            new int[] {6, 6, 3},
            3,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU).withUseBias(false),
            new MaxPool2D(2, 2, Padding.SAME),
            new Flatten(),
            new Dense(2));
    Tensor x = IMAGES;
    for (Layer layer : model.layers()) {
      x = layer.forward(x, false);
    }

    assertThat(model.forward(IMAGES, true).toFloatArray())
        .containsExactly(x.toFloatArray(), within(1e-6f));
  }
}
