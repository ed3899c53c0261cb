package org.convnet4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.keras.ModelFiles.layer;
import static org.convnet4j.keras.ModelFiles.sequential;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.Padding;
import org.convnet4j.Variable;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.ActivationLayer;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Initializer;
import org.convnet4j.nn.LayerSpec;
import org.convnet4j.nn.Models;
import org.convnet4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasModelFileTest {

  @TempDir Path dir;

  private static List<String> specs(String json) throws ModelFileException {
    return KerasModelFile.parse(json).build(1).specs().stream().map(LayerSpec::toString).toList();
  }

  private static List<String> specsOfResource(String name) throws ModelFileException {
    return KerasModelFile.parse(ModelFiles.resource(name), name).build(1).specs().stream()
        .map(LayerSpec::toString)
        .toList();
  }

  private static void assertSameWeights(Sequential a, Sequential b) {
    assertThat(a.variables()).hasSameSizeAs(b.variables());
    for (int i = 0; i < a.variables().size(); i++) {
      Variable x = a.variables().get(i);
      Variable y = b.variables().get(i);
      assertThat(x.name()).isEqualTo(y.name());
      // isEqualTo compares arrays element by element; containsExactly would diff 3 million floats
      assertThat(x.value().toFloatArray()).isEqualTo(y.value().toFloatArray());
    }
  }

  @Test
  void sharedTutorialFileIsTheTutorialNetworkWithItsWeights() throws Exception {
    KerasModel file = KerasModelFile.parse(ModelFiles.resource("tutorial-mnist.json"), "t");

    assertThat(file.name()).isEqualTo("tutorial_mnist");
    assertThat(file.inputShape()).containsExactly(28, 28, 1);
    Sequential model = file.build(42);
    // The preset's architecture, under the file's names (max_pooling2d_1, not max_pool2d_1).
    assertThat(model.specs().stream().map(s -> s.type() + " " + s.settings()))
        .isEqualTo(
            Models.tutorial(42).specs().stream().map(s -> s.type() + " " + s.settings()).toList());
    assertThat(model.layers().get(1).name()).isEqualTo("max_pooling2d_1");
    // No initializer named: He normal kernels and zero biases, the same draws as the preset.
    assertSameWeights(model, Models.tutorial(42));
    assertThat(model.parameterCount()).isEqualTo(3_274_634);
  }

  @Test
  void keras3FileWithPoliciesModulesAndInitializerObjects() throws Exception {
    assertThat(specsOfResource("keras3-small-cnn.json"))
        .containsExactly(
            // Each layer keeps the file's name.
            "Conv2D conv2d filters=8 kernel=3x3 strides=1x1 padding=SAME activation=relu",
            "MaxPool2D max_pooling2d pool=2x2 strides=2x2 padding=VALID",
            // strides null: the pool size
            "AvgPool2D average_pooling2d pool=3x3 strides=3x3 padding=SAME",
            "Activation activation activation=relu",
            "Flatten flatten",
            "Dropout dropout keep_prob=0.9",
            "Dense dense units=5 activation=linear");
  }

  @Test
  void keras3FileHonoursItsInitializers() throws Exception {
    Sequential read =
        KerasModelFile.parse(ModelFiles.resource("keras3-small-cnn.json"), "k").build(7);
    Sequential expected =
        new Sequential(
            new int[] {12, 12, 3},
            7,
            new Conv2D(8, 3, 1, Padding.SAME, Activation.RELU)
                .withInitializers(Initializer.glorotUniform(), Initializer.zeros())
                .named("conv2d"),
            new org.convnet4j.nn.MaxPool2D(2, 2, Padding.VALID),
            new org.convnet4j.nn.AvgPool2D(3, 3, Padding.SAME),
            new ActivationLayer(Activation.RELU),
            new Flatten(),
            new org.convnet4j.nn.Dropout(0.9f),
            new Dense(5)
                .withInitializers(Initializer.randomNormal(0f, 0.02f), Initializer.zeros())
                .named("dense"));
    assertSameWeights(read, expected);
  }

  @Test
  void keras2FileWithTheShapeOnItsFirstLayerAndVarianceScaling() throws Exception {
    KerasModel file =
        KerasModelFile.parse(ModelFiles.resource("keras2-first-layer-shape.json"), "k2");

    assertThat(file.inputShape()).containsExactly(28, 28, 1);
    assertThat(file.build(1).specs().stream().map(LayerSpec::toString))
        .containsExactly(
            "Conv2D conv2d_1 filters=16 kernel=5x5 strides=2x2 padding=VALID activation=relu",
            "LocallyConnected2D locally_connected2d_1 filters=4 kernel=3x3 strides=1x1"
                + " padding=VALID activation=linear",
            "ReLU re_lu",
            "Flatten flatten_1",
            "Dense dense_1 units=10 activation=linear");
    // VarianceScaling(2, fan_in, truncated_normal) is He normal.
    Sequential he =
        new Sequential(
            new int[] {28, 28, 1},
            3,
            new Conv2D(16, 5, 2, Padding.VALID, Activation.RELU),
            new org.convnet4j.nn.LocallyConnected2D(4, 3, 1, Padding.VALID, Activation.LINEAR)
                .withInitializers(Initializer.glorotUniform(), Initializer.zeros()),
            new org.convnet4j.nn.ReLU(),
            new Flatten(),
            new Dense(10).withInitializers(Initializer.glorotUniform(), Initializer.zeros()));
    assertSameWeights(file.build(3), he);
  }

  @Test
  void conv2dKeysMapToTheLayersSettings() throws Exception {
    assertThat(
            specs(
                sequential(
                    "[null, 9, 9, 2]",
                    layer(
                        "Conv2D",
                        "\"filters\": 3, \"kernel_size\": [3, 2], \"strides\": [2, 1], \"padding\":"
                            + " \"same\", \"activation\": \"relu\", \"use_bias\": true"),
                    // defaults: strides 1, padding valid, activation linear; kernel_size an int
                    layer("Conv2D", "\"filters\": 4, \"kernel_size\": 2"))))
        .containsExactly(
            "Conv2D conv2d_1 filters=3 kernel=3x2 strides=2x1 padding=SAME activation=relu",
            "Conv2D conv2d_2 filters=4 kernel=2x2 strides=1x1 padding=VALID activation=linear");
  }

  @Test
  void explicitPaddingIsConvnet4jsExtension() throws Exception {
    assertThat(
            specs(
                sequential(
                    "[null, 8, 8, 1]",
                    layer(
                        "Conv2D", "\"filters\": 2, \"kernel_size\": 3, \"padding\": [1, 2, 0, 1]"),
                    layer("MaxPooling2D", "\"pool_size\": 2, \"padding\": [0, 1, 1, 0]"))))
        .containsExactly(
            "Conv2D conv2d_1 filters=2 kernel=3x3 strides=1x1 padding=1,2,0,1 activation=linear",
            "MaxPool2D max_pool2d_1 pool=2x2 strides=2x2 padding=0,1,1,0");
  }

  @Test
  void poolingDefaultsAreKeras() throws Exception {
    // pool_size 2, strides = pool_size, padding valid
    assertThat(
            specs(
                sequential(
                    "[null, 8, 8, 1]",
                    layer("MaxPooling2D", ""),
                    layer("AveragePooling2D", "\"pool_size\": [2, 1], \"strides\": 1"))))
        .containsExactly(
            "MaxPool2D max_pool2d_1 pool=2x2 strides=2x2 padding=VALID",
            "AvgPool2D avg_pool2d_1 pool=2x1 strides=1x1 padding=VALID");
  }

  @Test
  void denseDropoutActivationAndReluLayers() throws Exception {
    assertThat(
            specs(
                sequential(
                    "[null, 6]",
                    layer("Dense", "\"units\": 4, \"activation\": \"relu\""),
                    layer("Dropout", "\"rate\": 0.25"),
                    layer("Activation", "\"activation\": \"linear\""),
                    layer("Dropout", "\"rate\": 0"),
                    layer("ReLU", "\"max_value\": null, \"negative_slope\": 0.0, \"threshold\": 0"),
                    layer("Activation", "\"activation\": \"relu\""),
                    layer("Dense", "\"units\": 2"))))
        .containsExactly(
            "Dense dense_1 units=4 activation=relu",
            "Dropout dropout_1 keep_prob=0.75",
            "Activation activation_1 activation=linear",
            "Dropout dropout_2 keep_prob=1.0",
            "ReLU relu_1",
            "Activation activation_2 activation=relu",
            "Dense dense_2 units=2 activation=linear");
  }

  @Test
  void sharedCifar10FileIsKerasExampleNetwork() throws Exception {
    Sequential model =
        KerasModelFile.parse(ModelFiles.resource("keras-cifar10-cnn.json"), "c").build(1);

    assertThat(model.inputShape()).containsExactly(32, 32, 3);
    assertThat(model.specs().stream().map(LayerSpec::toString))
        .containsExactly(
            "Conv2D conv2d filters=32 kernel=3x3 strides=1x1 padding=SAME activation=relu",
            "Conv2D conv2d_1 filters=32 kernel=3x3 strides=1x1 padding=VALID activation=relu",
            "MaxPool2D max_pooling2d pool=2x2 strides=2x2 padding=VALID",
            "Dropout dropout keep_prob=0.75",
            "Conv2D conv2d_2 filters=64 kernel=3x3 strides=1x1 padding=SAME activation=relu",
            "Conv2D conv2d_3 filters=64 kernel=3x3 strides=1x1 padding=VALID activation=relu",
            "MaxPool2D max_pooling2d_1 pool=2x2 strides=2x2 padding=VALID",
            "Dropout dropout_1 keep_prob=0.75",
            "Flatten flatten",
            "Dense dense units=512 activation=relu",
            "Dropout dropout_2 keep_prob=0.5",
            "Dense dense_1 units=10 activation=softmax");
    // Keras' model.summary() of its cifar10_cnn example: 1,250,858 parameters.
    assertThat(model.parameterCount()).isEqualTo(1_250_858);
  }

  @Test
  void sharedVggFileWithBatchNormalizationAndGlobalPooling() throws Exception {
    Sequential model = KerasModelFile.parse(ModelFiles.resource("vgg-bn-cifar.json"), "v").build(1);

    assertThat(model.specs().stream().map(LayerSpec::toString))
        .startsWith(
            "Conv2D conv2d filters=32 kernel=3x3 strides=1x1 padding=SAME activation=linear"
                + " use_bias=false",
            "BatchNormalization batch_normalization axis=-1 momentum=0.99 epsilon=0.001"
                + " center=true scale=true",
            "Activation activation activation=relu")
        .endsWith(
            "GlobalAveragePooling2D global_average_pooling2d",
            "Dense dense units=10 activation=linear")
        .hasSize(19);
    // Keras' count of this network: 141,674 parameters (convolutions 864 + 9,216 + 18,432 +
    // 36,864 + 73,728, normalisations 4 x (32 + 32 + 64 + 64 + 128), dense 1,290), the moving
    // means and variances, 2 x 320 = 640 of them, not trainable.
    assertThat(model.parameterCount()).isEqualTo(141_674);
    assertThat(model.layers().stream().mapToLong(l -> l.nonTrainableParameterCount()).sum())
        .isEqualTo(640);
  }

  @Test
  void batchNormalizationKeysOfKeras2AndKeras3() throws Exception {
    String keras2 =
        layer(
            "BatchNormalization",
            "\"axis\": [3], \"momentum\": 0.9, \"epsilon\": 0.01, \"center\": false,"
                + " \"scale\": true, \"beta_initializer\": {\"class_name\": \"Zeros\","
                + " \"config\": {}}, \"gamma_initializer\": {\"class_name\": \"Ones\","
                + " \"config\": {}}, \"moving_mean_initializer\": \"zeros\","
                + " \"moving_variance_initializer\": \"ones\", \"beta_regularizer\": null,"
                + " \"gamma_regularizer\": null, \"beta_constraint\": null,"
                + " \"gamma_constraint\": null, \"renorm\": false, \"renorm_clipping\": null,"
                + " \"renorm_momentum\": 0.99, \"fused\": null, \"virtual_batch_size\": null,"
                + " \"adjustment\": null");
    String keras3 = layer("BatchNormalization", "\"axis\": -1, \"synchronized\": false");

    assertThat(specs(sequential("[null, 4, 4, 2]", keras2, keras3)))
        .containsExactly(
            "BatchNormalization batch_normalization_1 axis=3 momentum=0.9 epsilon=0.01"
                + " center=false scale=true",
            "BatchNormalization batch_normalization_2 axis=-1 momentum=0.99 epsilon=0.001"
                + " center=true scale=true");
  }

  @Test
  void useBiasFalseLeavesTheBiasOut() throws Exception {
    Sequential model =
        KerasModelFile.parse(
                sequential(
                    "[null, 6, 6, 2]",
                    layer("Conv2D", "\"filters\": 4, \"kernel_size\": 3, \"use_bias\": false"),
                    layer("Flatten", ""),
                    layer("Dense", "\"units\": 3, \"use_bias\": false")))
            .build(1);

    assertThat(model.specs().stream().map(LayerSpec::toString))
        .containsExactly(
            "Conv2D conv2d_1 filters=4 kernel=3x3 strides=1x1 padding=VALID activation=linear"
                + " use_bias=false",
            "Flatten flatten_1",
            "Dense dense_1 units=3 activation=linear use_bias=false");
    // 3*3*2*4 + 4*4*4*3, no biases
    assertThat(model.parameterCount()).isEqualTo(72 + 192);
  }

  @Test
  void sigmoidTanhSoftmaxAndGlobalPooling() throws Exception {
    assertThat(
            specs(
                sequential(
                    "[null, 6, 6, 2]",
                    layer("Conv2D", "\"filters\": 4, \"kernel_size\": 3, \"activation\": \"tanh\""),
                    layer("Activation", "\"activation\": \"sigmoid\""),
                    layer(
                        "GlobalMaxPooling2D",
                        "\"data_format\": \"channels_last\", \"keepdims\": false"),
                    layer("Dense", "\"units\": 3, \"activation\": \"softmax\""))))
        .containsExactly(
            "Conv2D conv2d_1 filters=4 kernel=3x3 strides=1x1 padding=VALID activation=tanh",
            "Activation activation_1 activation=sigmoid",
            "GlobalMaxPooling2D global_max_pooling2d_1",
            "Dense dense_1 units=3 activation=softmax");
    assertThat(
            specs(
                sequential(
                    "[null, 6, 6, 2]",
                    layer("GlobalAveragePooling2D", ""),
                    layer("Activation", "\"activation\": \"softmax\""))))
        .containsExactly(
            "GlobalAveragePooling2D global_average_pooling2d_1",
            "Activation activation_1 activation=softmax");
  }

  @Test
  void inputShapeFromKeras3BatchShapeOrTheModelsBuildInputShape() throws Exception {
    String keras3 =
        """
        {"class_name": "Sequential", "config": {"layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 5, 4, 3]}},
          {"class_name": "Flatten", "config": {}}]}}\
        """;
    String built =
        """
        {"class_name": "Sequential", "config": {"build_input_shape": [null, 7], "layers": [
          {"class_name": "Dense", "config": {"units": 2}}]}}\
        """;
    String legacy =
        """
        {"class_name": "Sequential", "config": [
          {"class_name": "Dense", "config": {"units": 2, "input_shape": [3]}}]}\
        """;

    assertThat(KerasModelFile.parse(keras3).inputShape()).containsExactly(5, 4, 3);
    assertThat(KerasModelFile.parse(built).inputShape()).containsExactly(7);
    assertThat(KerasModelFile.parse(legacy).inputShape()).containsExactly(3);
  }

  @Test
  void initializersByNameAndObject() throws Exception {
    String json =
        sequential(
            "[null, 4]",
            layer(
                "Dense",
                "\"units\": 3, \"kernel_initializer\": \"glorot_uniform\","
                    + " \"bias_initializer\": {\"class_name\": \"RandomNormal\","
                    + " \"config\": {\"mean\": 1.0, \"stddev\": 0.5, \"seed\": 3}}"),
            layer(
                "Dense",
                "\"units\": 2, \"kernel_initializer\": {\"class_name\": \"TruncatedNormal\","
                    + " \"config\": {\"stddev\": 0.1}}, \"bias_initializer\": \"zeros\""));
    Sequential expected =
        new Sequential(
            new int[] {4},
            5,
            new Dense(3)
                .withInitializers(Initializer.glorotUniform(), Initializer.randomNormal(1f, 0.5f)),
            new Dense(2).withInitializers(Initializer.truncatedNormal(0.1f), Initializer.zeros()));

    assertSameWeights(KerasModelFile.parse(json).build(5), expected);
  }

  @Test
  void everyBuildHasFreshWeightsFromItsSeed() throws Exception {
    KerasModel file = KerasModelFile.parse(ModelFiles.resource("tutorial-mnist.json"), "t");

    assertSameWeights(file.build(9), file.build(9));
    assertThat(file.build(9).variables().getFirst().value().toFloatArray())
        .isNotEqualTo(file.build(10).variables().getFirst().value().toFloatArray());
  }

  @Test
  void readsAFileAndNamesItInErrors() throws Exception {
    Path good = dir.resolve("net.json");
    Files.write(good, ModelFiles.resource("tutorial-mnist.json"));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"class_name\": \"Sequential\"");

    assertThat(KerasModelFile.read(good).inputShape()).containsExactly(28, 28, 1);
    assertThatThrownBy(() -> KerasModelFile.read(bad))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith("model file " + bad + ": not valid JSON at line 1");
    assertThatThrownBy(() -> KerasModelFile.read(dir.resolve("none.json")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
