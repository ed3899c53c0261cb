package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Supplier;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.ops.Workspace;
import org.junit.jupiter.api.Test;

class SequentialTest {

  @Test
  void predictMatchesForwardAndItsResultsSurviveTheNextCall() {
    Sequential model = Models.tutorial(3);
    Tensor first = Tensor.randomUniform(11, 0f, 1f, 2, 28, 28, 1);
    Tensor second = Tensor.randomUniform(12, 0f, 1f, 2, 28, 28, 1);
    Workspace workspace = new Workspace();

    Tensor predictedFirst = model.predict(first, workspace);
    float[] before = predictedFirst.toFloatArray();
    Tensor predictedSecond = model.predict(second, workspace);

    assertThat(before).containsExactly(model.forward(first, false).toFloatArray());
    assertThat(predictedFirst.toFloatArray()).containsExactly(before);
    assertThat(predictedSecond.toFloatArray())
        .containsExactly(model.forward(second, false).toFloatArray());
  }

  @Test
  void reluConvolutionsFusedWithTheirPoolingGiveTheLayerByLayerValuesAndGradients() {
    // The first pair fuses (tiling windows), the second too (overlapping windows); the third
    // convolution has no ReLU, so it and its pooling run on their own.
    Sequential model =
        new Sequential(
            new int[] {9, 9, 2},
            5,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
            new MaxPool2D(2, 2, Padding.SAME),
            new Conv2D(5, 3, 1, Padding.SAME, Activation.RELU),
            new MaxPool2D(3, 1, Padding.SAME),
            new Conv2D(3, 2, 1, Padding.VALID, Activation.LINEAR),
            new MaxPool2D(2, 2, Padding.VALID),
            new Flatten(),
            new Dense(4));
    Tensor images = Tensor.randomUniform(21, -1f, 1f, 3, 9, 9, 2);
    Tensor weights = Tensor.randomUniform(22, -1f, 1f, 3, 4);
    float[][][] both = fusedAndLayerByLayer(model, images, weights);
    float[][] fused = both[0];
    float[][] layerByLayer = both[1];

    assertThat(fused).hasSameDimensionsAs(layerByLayer);
    for (int i = 0; i < fused.length; i++) {
      assertThat(fused[i]).as("output, then each variable's gradient: " + i)
          .containsExactly(layerByLayer[i], within(1e-5f));
    }
  }

  @Test
  void batchNormalizationsFusedWithTheirReluGiveTheLayerByLayerValuesAndGradients() {
    // Both kinds of ReLU layer fuse; the last normalization has no ReLU after it.
    Sequential model =
        new Sequential(
            new int[] {7, 6, 3},
            6,
            new Conv2D(5, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization(),
            new ActivationLayer(Activation.RELU),
            new Conv2D(17, 3, 2, Padding.SAME, Activation.LINEAR),
            new BatchNormalization(),
            new ReLU(),
            new GlobalAveragePooling2D(),
            new Dense(6),
            new BatchNormalization(),
            new Dense(3));
    assertThat(model.stages())
        .extracting(Stage::name)
        .containsExactly(
            "conv2d_1", "batch_normalization_1+activation_1", "conv2d_2",
            "batch_normalization_2+relu_1", "global_average_pooling2d_1", "dense_1",
            "batch_normalization_3", "dense_2");
    Tensor images = Tensor.randomUniform(23, -1f, 1f, 5, 7, 6, 3);
    Tensor weights = Tensor.randomUniform(24, -1f, 1f, 5, 3);
    float[][][] both = fusedAndLayerByLayer(model, images, weights);
    float[][] fused = both[0];
    float[][] layerByLayer = both[1];

    // The fused ReLU masks the same values: the same sums, the same bits.
    for (int i = 0; i < fused.length; i++) {
      assertThat(fused[i]).as("output, then each variable's gradient: " + i)
          .containsExactly(layerByLayer[i]);
    }
  }

  // valueAndGradients of the model's forward pass (its stages, fused ops included), then of its
  // layers one after the other.
  private static float[][][] fusedAndLayerByLayer(Sequential model, Tensor images, Tensor weights) {
    Tensor[] variables = model.variables().stream().map(Variable::value).toArray(Tensor[]::new);
    float[][] fused = valueAndGradients(variables, weights, () -> model.forward(images, true));
    float[][] layerByLayer =
        valueAndGradients(
            variables,
            weights,
            () -> {
              Tensor x = images;
              for (Layer layer : model.layers()) {
                x = layer.forward(x, true);
              }
              return x;
            });
    return new float[][][] {fused, layerByLayer};
  }

  // The output, then the gradient of sum(output * weights) for each variable.
  private static float[][] valueAndGradients(
      Tensor[] variables, Tensor weights, Supplier<Tensor> forward) {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(variables);
      Tensor output = forward.get();
      Tensor[] gradients = tape.gradient(Ops.reduceSum(Ops.multiply(output, weights)), variables);
      float[][] result = new float[gradients.length + 1][];
      result[0] = output.toFloatArray();
      for (int i = 0; i < gradients.length; i++) {
        result[i + 1] = gradients[i].toFloatArray();
      }
      return result;
    }
  }

  @Test
  void stagesGroupEachReluConvolutionWithItsMaxPoolingAndRunAsTheModelDoes() {
    Sequential model = Models.tutorial(4);
    List<Stage> stages = model.stages();

    assertThat(stages)
        .extracting(Stage::name)
        .containsExactly(
            "conv2d_1+max_pool2d_1", "conv2d_2+max_pool2d_2", "flatten_1", "dense_1", "dropout_1",
            "dense_2");
    assertThat(stages.get(0).inputShape()).containsExactly(28, 28, 1);
    assertThat(stages.get(0).outputShape()).containsExactly(14, 14, 32);
    // 28 * 28 * 32 * 5 * 5 * 1 and 14 * 14 * 64 * 5 * 5 * 32: the pooling multiplies nothing.
    assertThat(stages.get(0).multiplyAdds()).isEqualTo(627_200);
    assertThat(stages.get(1).multiplyAdds()).isEqualTo(10_035_200);
    assertThat(stages.get(3).multiplyAdds()).isEqualTo(3136L * 1024);
    Tensor images = Tensor.randomUniform(13, 0f, 1f, 2, 28, 28, 1);
    Tensor x = images;
    for (Stage stage : stages) {
      x = stage.forward(x, false);
    }
    assertThat(x.toFloatArray()).containsExactly(model.forward(images, false).toFloatArray());
  }

  @Test
  void tutorialNetworkHas3274634ParametersAnd13922570WithoutSharing() {
    Sequential model = Models.tutorial(1);

    // 832 + 51,264 + 3,212,288 + 10,250 (LayerShapesTest has each layer's arithmetic)
    assertThat(model.parameterCount()).isEqualTo(3_274_634);
    // 652,288 + 10,047,744 + 3,212,288 + 10,250
    assertThat(model.parameterCountWithoutSharing()).isEqualTo(13_922_570);
    assertThat(model.outputShape()).containsExactly(10);
  }

  @Test
  void tutorialNetworkForColourImagesOf32x32HasOneDenseInputPerPooledCell() {
    Sequential model = Models.tutorial(new int[] {32, 32, 3}, 5, 1);

    // conv1 5*5*3*32 + 32 = 2,432; conv2 51,264; two SAME poolings: 8x8x64 = 4,096 inputs to
    // dense1, 4,096*1,024 + 1,024 = 4,195,328; dense2 1,024*5 + 5 = 5,125
    assertThat(model.parameterCount()).isEqualTo(2_432 + 51_264 + 4_195_328 + 5_125);
    assertThat(model.outputShape()).containsExactly(5);
    // 7x5 grey: poolings give ceil(7/4) x ceil(5/4) = 2x2x64
    assertThat(Models.tutorial(new int[] {7, 5, 1}, 2, 1).layers().get(4).outputShape())
        .containsExactly(256);
  }

  @Test
  void summaryListsEveryLayerWithBothCountsAndTotals() {
    String summary = Models.tutorial(1).summary().toString();

    assertThat(summary.lines().toList())
        .hasSize(11) // header, input, eight layers, total
        .anySatisfy(l -> assertThat(l).contains("conv2d_1 (Conv2D)", "28x28x32", "832", "652,288"))
        .anySatisfy(l -> assertThat(l).contains("max_pool2d_2 (MaxPool2D)", "7x7x64"))
        .anySatisfy(l -> assertThat(l).contains("flatten_1 (Flatten)", "3136"))
        .anySatisfy(l -> assertThat(l).contains("dense_1 (Dense)", "1024", "3,212,288"))
        .anySatisfy(l -> assertThat(l).contains("Total", "3,274,634", "13,922,570"));
  }

  @Test
  void summaryColumnsFitLongLayerNames() {
    // "batch_normalization_1 (BatchNormalization)" is 42 characters, more than the 30 the
    // tutorial's names need: every line's columns must still start at the same places.
    Sequential model =
        new Sequential(
            new int[] {8, 8, 3},
            1,
            new Conv2D(4, 3, 1, Padding.SAME, Activation.RELU),
            new BatchNormalization(),
            new Flatten(),
            new Dense(10));

    List<String> lines = model.summary().toString().lines().toList();

    int shapeColumn = lines.getFirst().indexOf("Output shape");
    assertThat(shapeColumn).isGreaterThan("batch_normalization_1 (BatchNormalization)".length());
    assertThat(lines.get(3)).startsWith("batch_normalization_1 (BatchNormalization)");
    int parametersEnd = lines.getFirst().indexOf("Parameters") + "Parameters".length();
    for (String line : lines.subList(2, lines.size())) {
      // the name column ends with a space before the shape column; numbers end where the header does
      assertThat(line.charAt(shapeColumn - 1)).as(line).isEqualTo(' ');
      assertThat(line.substring(0, parametersEnd)).as(line).matches(".*\\d$");
    }
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
  }

  @Test
  void summaryShowsTheTutorialsSharingContrast() {
    Sequential model =
        new Sequential(
            new int[] {32, 32, 3}, 1, new Conv2D(20, 8, 2, Padding.explicit(1), Activation.RELU));

    ModelSummary.Row row = model.summary().rows().getFirst();

    assertThat(row.formattedShape()).isEqualTo("14x14x20");
    assertThat(row.parameters()).isEqualTo(3_860);
    assertThat(row.parametersWithoutSharing()).isEqualTo(756_560);
  }

  @Test
  void layersAreNamedByTypeAndCountedFromOne() {
    Sequential model = Models.tutorial(1);

    assertThat(model.layers().stream().map(Layer::name))
        .containsExactly(
            "conv2d_1",
            "max_pool2d_1",
            "conv2d_2",
            "max_pool2d_2",
            "flatten_1",
            "dense_1",
            "dropout_1",
            "dense_2");
    assertThat(model.variables().stream().map(Variable::name))
        .containsExactly(
            "conv2d_1/kernel",
            "conv2d_1/bias",
            "conv2d_2/kernel",
            "conv2d_2/bias",
            "dense_1/kernel",
            "dense_1/bias",
            "dense_2/kernel",
            "dense_2/bias");
  }

  @Test
  void givenNamesAreKeptAndTheOthersKeepTheirDefaults() {
    Sequential model =
        new Sequential(
            new int[] {6, 6, 1},
            1,
            new Conv2D(2, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false).named("stem"),
            new ReLU().named("stem.act-1"),
            new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU),
            new Flatten(),
            new Dense(3).named("head"));

    assertThat(model.layers().stream().map(Layer::name))
        .containsExactly("stem", "stem.act-1", "conv2d_2", "flatten_1", "head");
    assertThat(model.variables().stream().map(Variable::name))
        .containsExactly(
            "stem/kernel", "conv2d_2/kernel", "conv2d_2/bias", "head/kernel", "head/bias");
    assertThat(model.summary().toString()).contains("stem (Conv2D)").contains("head (Dense)");
    assertThat(model.specs().getFirst().toString()).startsWith("Conv2D stem filters=2");
    SpecRoundTrip.assertSpecsRoundTrip(model);
  }

  @Test
  void aNameMustBeUniqueWithinTheModel() {
    assertThatThrownBy(
            () ->
                new Sequential(
                    new int[] {4},
                    1,
                    new Dense(3).named("fc"),
                    new ReLU().named("fc"),
                    new Dense(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sequential: layers 1 and 2 are both named 'fc'; layer names must be unique");
  }

  @Test
  void aDefaultNameGivenToAnotherLayerIsSkipped() {
    Sequential model =
        new Sequential(new int[] {4}, 1, new Dense(3).named("dense_2"), new Dense(2), new Dense(2));

    // The second Dense would be dense_2, which the first one has.
    assertThat(model.layers().stream().map(Layer::name))
        .containsExactly("dense_2", "dense_3", "dense_4");
  }

  @Test
  void aNameMustBeNonEmptyAndOfSafeCharacters() {
    assertThatThrownBy(() -> new Dense(3).named(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense: a layer name must not be empty");
    assertThatThrownBy(() -> new Dense(3).named("my dense"))
        .hasMessage("Dense: layer name 'my dense' has ' '; use letters, digits, '_', '-' and '.' only");
    assertThatThrownBy(() -> new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU).named("a/kernel"))
        .hasMessage(
            "Conv2D: layer name 'a/kernel' has '/'; use letters, digits, '_', '-' and '.' only");
    assertThatThrownBy(() -> LayerSpec.parse("Dense dense=1 units=3 activation=linear").toLayer())
        .hasMessageContaining("layer name 'dense=1' has '='");
  }

  @Test
  void aBuiltLayerCannotBeRenamed() {
    Dense dense = new Dense(2);
    new Sequential(new int[] {4}, 1, dense);

    assertThatThrownBy(() -> dense.named("fc"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dense_1: layer is built already; name it before adding it to a model");
  }

  @Test
  void sameSeedGivesSameWeightsAndAnotherSeedOtherWeights() {
    float[] a = smallModel(5).variables().getFirst().value().toFloatArray();
    float[] b = smallModel(5).variables().getFirst().value().toFloatArray();
    float[] c = smallModel(6).variables().getFirst().value().toFloatArray();

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void specsRebuildTheSameArchitecture() {
    Sequential model =
        new Sequential(
            new int[] {9, 9, 2},
            3,
            new Conv2D(4, new Window(3, 2, 2, 1, Padding.explicit(1, 0, 2, 1)), Activation.RELU),
            new LocallyConnected2D(3, 2, 1, Padding.VALID, Activation.LINEAR),
            new AvgPool2D(2, 2, Padding.SAME),
            new ReLU(),
            new Flatten(),
            new Dropout(0.5f),
            new Dense(5, Activation.RELU));

    SpecRoundTrip.assertSpecsRoundTrip(model);
    assertThat(model.specs().getFirst().toString())
        .isEqualTo(
            "Conv2D conv2d_1 filters=4 kernel=3x2 strides=2x1 padding=1,0,2,1 activation=relu");
  }

  @Test
  void anUnbuiltLayerShowsItsSettings() {
    assertThat(new Conv2D(3, 5, 2, Padding.VALID, Activation.LINEAR).toString())
        .isEqualTo(
            "Conv2D unbuilt filters=3 kernel=5x5 strides=2x2 padding=VALID activation=linear");
  }

  @Test
  void denseAfterAnImageLayerAsksForFlatten() {
    assertThatThrownBy(
            () ->
                new Sequential(
                    new int[] {8, 8, 1},
                    1,
                    new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU),
                    new Dense(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dense_1")
        .hasMessageContaining("Flatten");
  }

  @Test
  void convolutionOnAFlatInputIsAnError() {
    assertThatThrownBy(
            () ->
                new Sequential(
                    new int[] {64}, 1, new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv2d_1")
        .hasMessageContaining("[height, width, channels]");
  }

  @Test
  void validWindowLargerThanTheInputIsAnError() {
    assertThatThrownBy(
            () -> new Sequential(new int[] {4, 4, 1}, 1, new MaxPool2D(5, 1, Padding.VALID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_pool2d_1");
  }

  @Test
  void forwardRejectsInputOfAnotherShape() {
    Sequential model = smallModel(1);

    assertThatThrownBy(() -> model.forward(Tensor.zeros(2, 7, 8, 1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv2d_1")
        .hasMessageContaining("[n, 8, 8, 1]")
        .hasMessageContaining("[2, 7, 8, 1]");
  }

  @Test
  void aLayerBelongsToOneModel() {
    Dense dense = new Dense(2);
    new Sequential(new int[] {3}, 1, dense);

    assertThatThrownBy(() -> new Sequential(new int[] {3}, 1, dense))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dense_1");
  }

  @Test
  void aModelNeedsLayers() {
    assertThatThrownBy(() -> new Sequential(new int[] {3}, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one layer");
  }

  @Test
  void denseWithoutUnitsIsAnError() {
    assertThatThrownBy(() -> new Dense(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dense: units must be at least 1, got 0");
  }

  @Test
  void convolutionWithoutFiltersIsAnError() {
    assertThatThrownBy(() -> new Conv2D(0, 3, 1, Padding.SAME, Activation.RELU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Conv2D: filters must be at least 1, got 0");
  }

  @Test
  void dropoutKeepingNothingIsAnError() {
    assertThatThrownBy(() -> new Dropout(0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep probability must be in (0, 1], got 0.0");
  }

  @Test
  void emptyPoolingWindowIsAnError() {
    assertThatThrownBy(() -> new MaxPool2D(0, 1, Padding.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size and strides must be at least 1");
  }

  @Test
  void unknownLayerTypeInASpecIsAnError() {
    assertThatThrownBy(() -> LayerSpec.parse("Conv3D c_1 filters=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Conv3D")
        .hasMessageContaining("Conv2D");
  }

  private static Sequential smallModel(long seed) {
    return new Sequential(
        new int[] {8, 8, 1},
        seed,
        new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(3));
  }
}
