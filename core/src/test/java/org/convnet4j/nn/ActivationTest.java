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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Activations by Keras' names, as a layer of their own and inside kernel layers, and the softmax a
 * model ends in, which {@link Sequential#forward} leaves to the loss.
 */
class ActivationTest {

  private static final Tensor IMAGES = Tensor.randomUniform(31, -1f, 1f, 3, 5, 5, 2);

  @ParameterizedTest
  @EnumSource(Activation.class)
  void theLayerAppliesTheOpOfItsName(Activation activation) {
    Tensor x = Tensor.randomUniform(32, -3f, 3f, 4, 6);
    Tensor expected =
        switch (activation) {
          case LINEAR -> x;
          case RELU -> Ops.relu(x);
          case SIGMOID -> Ops.sigmoid(x);
          case TANH -> Ops.tanh(x);
          case SOFTMAX -> Ops.softmax(x);
        };
    Sequential model = new Sequential(new int[] {6}, 1, new ActivationLayer(activation),
        new Dense(2));

    Tensor actual = model.layers().getFirst().forward(x, false);

    assertThat(actual.toFloatArray()).containsExactly(expected.toFloatArray());
    assertThat(model.layers().getFirst().name()).isEqualTo("activation_1");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void kernelLayersApplyTheirActivationToTheirLinearOutput(Activation activation) {
    // The same seed gives the same weights; the activation is the only difference. As the first
    // layer of a longer model, none of them is left to the loss.
    Sequential linear = convThenDense(Activation.LINEAR, Activation.LINEAR);
    Sequential activated = convThenDense(activation, activation);
    Layer conv = activated.layers().get(0);
    Layer dense = activated.layers().get(2);

    Tensor z = linear.layers().get(0).forward(IMAGES, false);
    Tensor flat = Tensor.randomUniform(33, -1f, 1f, 3, 75);

    assertThat(conv.forward(IMAGES, false).toFloatArray())
        .containsExactly(activation.apply(z).toFloatArray(), within(1e-6f));
    assertThat(dense.forward(flat, false).toFloatArray())
        .containsExactly(
            activation.apply(linear.layers().get(2).forward(flat, false)).toFloatArray(),
            within(1e-6f));
  }

  @Test
  void locallyConnectedLayersTakeEveryActivation() {
    for (Activation activation : Activation.values()) {
      Sequential linear = new Sequential(new int[] {5, 5, 2}, 4,
          new LocallyConnected2D(3, 2, 1, Padding.VALID, Activation.LINEAR), new Flatten());
      Sequential activated = new Sequential(new int[] {5, 5, 2}, 4,
          new LocallyConnected2D(3, 2, 1, Padding.VALID, activation), new Flatten());
      assertThat(activated.layers().getFirst().forward(IMAGES, false).toFloatArray())
          .as(activation.specName())
          .containsExactly(activation.apply(linear.layers().getFirst().forward(IMAGES, false))
              .toFloatArray());
    }
  }

  @Test
  void aFinalSoftmaxLayerIsLeftToTheLossAndProbabilitiesApplyItOnce() {
    Sequential logits = classifier();
    Sequential withSoftmax = classifier(new ActivationLayer(Activation.SOFTMAX));

    float[] expectedLogits = logits.forward(IMAGES, false).toFloatArray();

    assertThat(withSoftmax.endsInSoftmax()).isTrue();
    assertThat(logits.endsInSoftmax()).isFalse();
    assertThat(withSoftmax.forward(IMAGES, false).toFloatArray()).containsExactly(expectedLogits);
    assertThat(withSoftmax.forward(IMAGES, true).toFloatArray()).containsExactly(expectedLogits);
    float[] probabilities = withSoftmax.probabilities(IMAGES).toFloatArray();
    assertThat(probabilities)
        .containsExactly(Ops.softmax(Tensor.of(expectedLogits, 3, 4)).toFloatArray());
    assertThat(logits.probabilities(IMAGES).toFloatArray()).containsExactly(probabilities);
    for (int row = 0; row < 3; row++) {
      double sum = 0;
      for (int j = 0; j < 4; j++) {
        sum += probabilities[row * 4 + j];
      }
      assertThat(sum).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void aFinalDenseSoftmaxIsLeftToTheLossToo() {
    Sequential logits = new Sequential(new int[] {5, 5, 2}, 8, new Flatten(), new Dense(4));
    Sequential withSoftmax =
        new Sequential(new int[] {5, 5, 2}, 8, new Flatten(), new Dense(4, Activation.SOFTMAX));

    assertThat(withSoftmax.endsInSoftmax()).isTrue();
    assertThat(withSoftmax.forward(IMAGES, true).toFloatArray())
        .containsExactly(logits.forward(IMAGES, true).toFloatArray());
    assertThat(withSoftmax.probabilities(IMAGES).toFloatArray())
        .containsExactly(logits.probabilities(IMAGES).toFloatArray());
  }

  @Test
  void trainingAModelThatEndsInSoftmaxGivesTheGradientsOfItsLogits() {
    Sequential logits = classifier();
    Sequential withSoftmax = classifier(new ActivationLayer(Activation.SOFTMAX));
    Tensor labels = Tensor.of(new float[] {1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0}, 3, 4);

    assertThat(lossGradients(withSoftmax, labels)).isDeepEqualTo(lossGradients(logits, labels));
  }

  @Test
  void aSoftmaxBeforeTheLastLayerIsApplied() {
    Sequential model =
        new Sequential(new int[] {6}, 2, new ActivationLayer(Activation.SOFTMAX), new Dense(3));
    Tensor x = Tensor.randomUniform(34, -2f, 2f, 2, 6);
    Dense dense = (Dense) model.layers().get(1);

    Tensor expected =
        Ops.add(Ops.matmul(Ops.softmax(x), dense.kernel().value()), dense.bias().value());

    assertThat(model.forward(x, false).toFloatArray())
        .containsExactly(expected.toFloatArray(), within(1e-6f));
    assertThat(model.endsInSoftmax()).isFalse();
  }

  @Test
  void specsNameTheActivationAndReadItBack() {
    Sequential model =
        new Sequential(
            new int[] {4, 4, 1},
            3,
            new Conv2D(2, 3, 1, Padding.SAME, Activation.TANH),
            new ActivationLayer(Activation.SIGMOID),
            new Flatten(),
            new Dense(3, Activation.SOFTMAX));

    assertThat(model.specs().get(1).toString())
        .isEqualTo("Activation activation_1 activation=sigmoid");
    SpecRoundTrip.assertSpecsRoundTrip(model);
    assertThat(model.summary().toString()).contains("activation_1 (Activation)");
  }

  @Test
  void anUnknownActivationNamesTheOnesThereAre() {
    assertThatThrownBy(() -> LayerSpec.parse("Activation activation_1 activation=selu").toLayer())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "activation: expected one of linear, relu, sigmoid, tanh, softmax, got 'selu'");
  }

  private static Sequential convThenDense(Activation conv, Activation dense) {
    return new Sequential(
        new int[] {5, 5, 2},
        6,
        new Conv2D(3, 3, 1, Padding.SAME, conv),
        new Flatten(),
        new Dense(4, dense),
        new Dense(2));
  }

  private static Sequential classifier(Layer... after) {
    List<Layer> layers =
        new java.util.ArrayList<>(
            List.of(
                new Conv2D(3, 3, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Flatten(),
                new Dense(4)));
    layers.addAll(List.of(after));
    return new Sequential(new int[] {5, 5, 2}, 7, layers);
  }

  // The mean cross-entropy's gradient for every variable, as the training step takes it.
  private static float[][] lossGradients(Sequential model, Tensor labels) {
    Tensor[] sources = model.variables().stream().map(Variable::value).toArray(Tensor[]::new);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(sources);
      Tensor loss =
          Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(labels, model.forward(IMAGES, true)));
      Tensor[] gradients = tape.gradient(loss, sources);
      float[][] result = new float[gradients.length][];
      for (int i = 0; i < gradients.length; i++) {
        result[i] = gradients[i].toFloatArray();
      }
      return result;
    }
  }
}
