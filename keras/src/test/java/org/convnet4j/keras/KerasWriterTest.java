package org.convnet4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.ActivationLayer;
import org.convnet4j.nn.AvgPool2D;
import org.convnet4j.nn.BatchNormalization;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Dropout;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.GlobalAveragePooling2D;
import org.convnet4j.nn.GlobalMaxPooling2D;
import org.convnet4j.nn.Initializer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Models;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Window;
import org.junit.jupiter.api.Test;

class KerasWriterTest {

  private static Sequential everyLayer() {
    return new Sequential(
        new int[] {11, 10, 3},
        4,
        new Conv2D(6, new Window(3, 2, 2, 1, Padding.explicit(1, 0, 2, 1)), Activation.RELU),
        new MaxPool2D(new Window(2, 2, 1, 1, Padding.SAME)),
        new LocallyConnected2D(2, 3, 1, Padding.VALID, Activation.LINEAR),
        new ReLU(),
        new AvgPool2D(2, 2, Padding.explicit(1)),
        new Flatten(),
        new Dropout(0.9f),
        new Dense(7, Activation.RELU),
        new Dense(3));
  }

  @Test
  void newerLayersUseBiasAndActivationsRoundTrip() throws Exception {
    Sequential model =
        new Sequential(
            new int[] {9, 9, 3},
            2,
            new Conv2D(4, 3, 2, Padding.SAME, Activation.TANH).withUseBias(false),
            new ActivationLayer(Activation.SIGMOID),
            new GlobalMaxPooling2D(),
            new Dense(5, Activation.RELU).withUseBias(false),
            new Dense(3, Activation.SOFTMAX));
    Sequential globalAverage =
        new Sequential(
            new int[] {4, 4, 2},
            2,
            new BatchNormalization(),
            new BatchNormalization(3, 0.9, 0.01, false, true),
            new GlobalAveragePooling2D(),
            new ActivationLayer(Activation.LINEAR));

    assertThat(KerasModelFile.parse(KerasModelFile.toJson(model)).build(2).specs())
        .isEqualTo(model.specs());
    assertThat(KerasModelFile.parse(KerasModelFile.toJson(globalAverage)).build(2).specs())
        .isEqualTo(globalAverage.specs());
  }

  @Test
  void aFilesLayerNamesAreKeptAndWrittenBack() throws Exception {
    String json =
        "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 6, 6, 1],"
            + " \"name\": \"in\"}},"
            + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 2,"
            + " \"kernel_size\": 3}},"
            + "{\"class_name\": \"ReLU\", \"config\": {\"name\": \"relu\"}},"
            + "{\"class_name\": \"Flatten\", \"config\": {}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"features.head-1\","
            + " \"units\": 3}}]}}";

    Sequential read = KerasModelFile.parse(json).build(1);
    Sequential again = KerasModelFile.parse(KerasModelFile.toJson(read)).build(1);

    // The file's names, and the default for the layer without one.
    assertThat(read.layers().stream().map(l -> l.name()))
        .containsExactly("conv", "relu", "flatten_1", "features.head-1");
    assertThat(read.variables().getFirst().name()).isEqualTo("conv/kernel");
    assertThat(again.specs()).isEqualTo(read.specs());
  }

  @Test
  void tutorialNetworkRoundTrips() throws Exception {
    Sequential tutorial = Models.tutorial(5);

    Sequential read = KerasModelFile.parse(KerasModelFile.toJson(tutorial)).build(5);

    assertThat(read.inputShape()).containsExactly(28, 28, 1);
    assertThat(read.specs()).isEqualTo(tutorial.specs());
    for (int i = 0; i < read.variables().size(); i++) {
      assertThat(read.variables().get(i).value().toFloatArray())
          .isEqualTo(tutorial.variables().get(i).value().toFloatArray());
    }
  }

  @Test
  void initializersRoundTripSoTheTutorialPresetStartsTheSame() throws Exception {
    Sequential tutorial = Models.tutorialWithRandomNormalInit(8);

    Sequential read = KerasModelFile.parse(KerasModelFile.toJson(tutorial)).build(8);

    for (int i = 0; i < read.variables().size(); i++) {
      assertThat(read.variables().get(i).value().toFloatArray())
          .isEqualTo(tutorial.variables().get(i).value().toFloatArray());
    }
  }

  @Test
  void initializersAreWrittenAsKeras3Objects() throws Exception {
    Sequential model =
        new Sequential(
            new int[] {4},
            1,
            new Dense(3)
                .withInitializers(Initializer.glorotUniform(), Initializer.randomNormal(1f, 0.5f)),
            new Dense(2).withInitializers(Initializer.truncatedNormal(0.1f), Initializer.zeros()),
            new Dense(2)
                .withInitializers(
                    (random, in, out, shape) -> Tensor.ones(shape), Initializer.zeros()));

    JsonNode layers =
        JsonMapper.builder()
            .build()
            .readTree(KerasModelFile.toJson(model))
            .get("config")
            .get("layers");

    JsonNode first = layers.get(1).get("config");
    assertThat(first.get("kernel_initializer").get("class_name").asText())
        .isEqualTo("GlorotUniform");
    assertThat(first.get("bias_initializer").get("config").toString())
        .isEqualTo("{\"seed\":null,\"mean\":1.0,\"stddev\":0.5}");
    JsonNode second = layers.get(2).get("config");
    assertThat(second.get("kernel_initializer").get("config").toString())
        .isEqualTo("{\"seed\":null,\"mean\":0.0,\"stddev\":0.1}");
    assertThat(second.get("bias_initializer").get("class_name").asText()).isEqualTo("Zeros");
    // An initializer of the user's own has no Keras form: left out, not misnamed.
    assertThat(layers.get(3).get("config").has("kernel_initializer")).isFalse();
  }

  @Test
  void everyLayerClassAndExplicitPaddingRoundTrip() throws Exception {
    Sequential model = everyLayer();

    Sequential read = KerasModelFile.parse(KerasModelFile.toJson(model)).build(4);

    assertThat(read.specs()).isEqualTo(model.specs());
    assertThat(read.inputShape()).containsExactly(11, 10, 3);
  }

  @Test
  void writesKeras3sForm() throws Exception {
    JsonNode root = JsonMapper.builder().build().readTree(KerasModelFile.toJson(everyLayer()));

    assertThat(root.get("module").asText()).isEqualTo("keras");
    assertThat(root.get("class_name").asText()).isEqualTo("Sequential");
    assertThat(root.get("build_config").get("input_shape").toString()).isEqualTo("[null,11,10,3]");
    JsonNode layers = root.get("config").get("layers");
    assertThat(layers).hasSize(10);
    JsonNode input = layers.get(0);
    assertThat(input.get("class_name").asText()).isEqualTo("InputLayer");
    assertThat(input.get("config").get("batch_shape").toString()).isEqualTo("[null,11,10,3]");
    JsonNode conv = layers.get(1);
    assertThat(conv.get("module").asText()).isEqualTo("keras.layers");
    assertThat(conv.get("registered_name").isNull()).isTrue();
    assertThat(conv.get("build_config").get("input_shape").toString()).isEqualTo("[null,11,10,3]");
    JsonNode c = conv.get("config");
    assertThat(c.get("name").asText()).isEqualTo("conv2d_1");
    assertThat(c.get("filters").asInt()).isEqualTo(6);
    assertThat(c.get("kernel_size").toString()).isEqualTo("[3,2]");
    assertThat(c.get("strides").toString()).isEqualTo("[2,1]");
    assertThat(c.get("padding").toString()).isEqualTo("[1,0,2,1]");
    assertThat(c.get("activation").asText()).isEqualTo("relu");
    assertThat(c.get("kernel_initializer").get("class_name").asText()).isEqualTo("HeNormal");
    assertThat(c.get("bias_initializer").get("class_name").asText()).isEqualTo("Zeros");
    assertThat(c.get("dtype").get("class_name").asText()).isEqualTo("DTypePolicy");
    assertThat(c.get("dtype").get("config").get("name").asText()).isEqualTo("float32");
    assertThat(layers.get(2).get("class_name").asText()).isEqualTo("MaxPooling2D");
    assertThat(layers.get(2).get("config").get("padding").asText()).isEqualTo("same");
    assertThat(layers.get(5).get("class_name").asText()).isEqualTo("AveragePooling2D");
    // keep_prob 0.9f is Keras' rate 0.1, not the float difference 0.100000024
    assertThat(layers.get(7).get("config").get("rate").asDouble()).isEqualTo(0.1);
    assertThat(layers.get(8).get("config").get("units").asInt()).isEqualTo(7);
  }
}
