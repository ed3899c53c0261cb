package org.convnet4j.keras;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.keras.ModelFiles.layer;
import static org.convnet4j.keras.ModelFiles.sequential;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each thing convnet4j cannot honour is one line naming the layer and the key. */
class ModelFileErrorsTest {

  private static final String IMAGES = "[null, 8, 8, 2]";

  private static Arguments conv(String extra, String message) {
    return Arguments.of(
        sequential(
            IMAGES,
            layer("Conv2D", "\"name\": \"c1\", \"filters\": 2, \"kernel_size\": 3, " + extra)),
        message);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        conv(
            "\"dilation_rate\": [2, 2]",
            "layer 'c1' (Conv2D): dilation_rate: expected 1 or [1, 1] (convnet4j convolves without"
                + " dilation), got [2,2]"),
        conv(
            "\"activation\": \"selu\"",
            "layer 'c1' (Conv2D): activation: convnet4j has linear, relu, sigmoid, tanh, softmax;"
                + " got \"selu\""),
        conv(
            "\"data_format\": \"channels_first\"",
            "layer 'c1' (Conv2D): data_format: expected channels_last"),
        conv(
            "\"kernel_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": 0.01}}",
            "layer 'c1' (Conv2D): kernel_regularizer: expected null (convnet4j has no"
                + " regularizers)"),
        conv(
            "\"bias_constraint\": {\"class_name\": \"NonNeg\", \"config\": {}}",
            "layer 'c1' (Conv2D): bias_constraint: expected null"),
        conv("\"groups\": 2", "layer 'c1' (Conv2D): groups: expected 1"),
        conv("\"trainable\": false", "layer 'c1' (Conv2D): trainable: expected true"),
        conv("\"dtype\": \"float16\"", "layer 'c1' (Conv2D): dtype: expected float32"),
        conv(
            "\"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\":"
                + " \"mixed_float16\"}}",
            "layer 'c1' (Conv2D): dtype: expected float32"),
        conv(
            "\"padding\": \"causal\"",
            "layer 'c1' (Conv2D): padding: expected \"same\", \"valid\""),
        conv(
            "\"padding\": [1, -1, 0, 0]", "layer 'c1' (Conv2D): padding: explicit padding amounts"),
        conv(
            "\"strides\": [0, 1]",
            "layer 'c1' (Conv2D): strides: expected an integer of at least 1, got 0"),
        conv(
            "\"strides\": [1, 1, 1]",
            "layer 'c1' (Conv2D): strides: expected an integer or [height, width]"),
        conv("\"use_bias\": \"yes\"", "layer 'c1' (Conv2D): use_bias: expected true or false"),
        conv(
            "\"kernel_initializer\": \"orthogonal\"",
            "layer 'c1' (Conv2D): kernel_initializer: convnet4j has glorot_uniform"),
        conv(
            "\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"scale\":"
                + " 1.0, \"mode\": \"fan_in\", \"distribution\": \"uniform\"}}",
            "layer 'c1' (Conv2D): kernel_initializer: convnet4j has the VarianceScaling"),
        conv(
            "\"kernel_initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"stddev\":"
                + " -1}}",
            "layer 'c1' (Conv2D): kernel_initializer: stddev must be positive"),
        conv(
            "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"gain\":"
                + " 2}}",
            "layer 'c1' (Conv2D): kernel_initializer: unknown initializer key 'gain'"),
        conv("\"frobnicate\": 1", "layer 'c1' (Conv2D): unknown key 'frobnicate' for Conv2D"),
        conv(
            "\"batch_input_shape\": [null, 8, 8, 2]",
            "layer 'c1' (Conv2D): batch_input_shape: only the first layer may give the input"
                + " shape"),
        Arguments.of(
            sequential(IMAGES, layer("Conv2D", "\"name\": \"c1\", \"kernel_size\": 3")),
            "layer 'c1' (Conv2D): filters: is missing"),
        Arguments.of(
            sequential(
                IMAGES, layer("Conv2D", "\"name\": \"c1\", \"filters\": 2.5, \"kernel_size\": 3")),
            "layer 'c1' (Conv2D): filters: expected an integer of at least 1, got 2.5"),
        Arguments.of(
            sequential(
                IMAGES,
                layer("Conv2D", "\"name\": \"c1\", \"filters\": 99999999999, \"kernel_size\": 3")),
            "layer 'c1' (Conv2D): filters: expected an integer of at least 1"),
        Arguments.of(
            sequential(IMAGES, layer("Conv2D", "\"filters\": 2, \"kernel_size\": 9")),
            "layer '#2' (Conv2D): VALID padding: window 9 is larger than input 8"),
        Arguments.of(
            sequential(IMAGES, layer("Dense", "\"name\": \"d\", \"units\": 3")),
            "layer 'd' (Dense): expected a flat input [features], got [8, 8, 2]"),
        Arguments.of(
            sequential(IMAGES, layer("Dense", "\"name\": \"my dense\", \"units\": 3")),
            "layer 'my dense' (Dense): name: layer name 'my dense' has ' '; use letters, digits,"
                + " '_', '-' and '.' only"),
        Arguments.of(
            sequential(IMAGES, layer("Dense", "\"name\": \"\", \"units\": 3")),
            "layer '' (Dense): name: a layer name must not be empty"),
        Arguments.of(
            sequential(IMAGES, layer("Flatten", "\"name\": 7")),
            "layer '#2' (Flatten): name: expected a string, got 7"),
        Arguments.of(
            sequential(
                IMAGES,
                layer("Flatten", "\"name\": \"f\""),
                layer("Dense", "\"name\": \"f\", \"units\": 3")),
            "layer 'f' (Dense): name: config.layers[1] has this name already; layer names must be"
                + " unique"),
        Arguments.of(
            sequential(IMAGES, layer("Dense", "\"name\": \"d\", \"units\": 0")),
            "layer 'd' (Dense): units: expected an integer of at least 1, got 0"),
        Arguments.of(
            sequential(
                IMAGES, layer("GlobalAveragePooling2D", "\"name\": \"g\", \"keepdims\": true")),
            "layer 'g' (GlobalAveragePooling2D): keepdims: expected false"),
        Arguments.of(
            sequential(IMAGES, layer("Dropout", "\"name\": \"drop\", \"rate\": 1.0")),
            "layer 'drop' (Dropout): rate: expected a drop probability in [0, 1), got 1.0"),
        Arguments.of(
            sequential(IMAGES, layer("Dropout", "\"name\": \"drop\"")),
            "layer 'drop' (Dropout): rate: is missing"),
        Arguments.of(
            sequential(
                IMAGES,
                layer(
                    "Dropout", "\"name\": \"drop\", \"rate\": 0.5, \"noise_shape\": [1, 8, 8, 1]")),
            "layer 'drop' (Dropout): noise_shape: expected null"),
        Arguments.of(
            sequential(IMAGES, layer("ReLU", "\"name\": \"r\", \"max_value\": 6.0")),
            "layer 'r' (ReLU): max_value: expected null (convnet4j's ReLU has no ceiling), got"
                + " 6.0"),
        Arguments.of(
            sequential(IMAGES, layer("ReLU", "\"name\": \"r\", \"negative_slope\": 0.1")),
            "layer 'r' (ReLU): negative_slope: expected 0"),
        Arguments.of(
            sequential(IMAGES, layer("Activation", "\"name\": \"a\", \"activation\": \"selu\"")),
            "layer 'a' (Activation): activation: convnet4j has"),
        Arguments.of(
            sequential(IMAGES, layer("Activation", "\"name\": \"a\"")),
            "layer 'a' (Activation): activation: is missing"),
        Arguments.of(
            sequential(
                IMAGES,
                layer(
                    "LocallyConnected2D",
                    "\"name\": \"lc\", \"filters\": 2, \"kernel_size\": 3, \"implementation\": 4")),
            "layer 'lc' (LocallyConnected2D): implementation: expected 1, 2 or 3"),
        Arguments.of(
            sequential(IMAGES, layer("LSTM", "\"name\": \"rnn\", \"units\": 3")),
            "layer 'rnn' (LSTM): convnet4j has no layer of this class; it reads InputLayer,"
                + " Conv2D"),
        Arguments.of(
            sequential(
                IMAGES,
                "{\"module\": \"my_package\", \"class_name\": \"Conv2D\", \"config\": {\"name\":"
                    + " \"c\", \"filters\": 1, \"kernel_size\": 1}}"),
            "layer 'c' (Conv2D): module: a layer from \"my_package\"; convnet4j reads Keras' own"
                + " layers only"),
        Arguments.of(
            sequential(
                IMAGES,
                "{\"class_name\": \"MyConv\", \"registered_name\": \"pkg>MyConv\", \"config\":"
                    + " {\"name\": \"c\"}}"),
            "layer 'c' (MyConv): registered_name: a custom layer (\"pkg>MyConv\")"),
        Arguments.of(
            sequential(
                IMAGES, "{\"class_name\": \"Flatten\", \"config\": {}, \"inbound_nodes\": []}"),
            "layer '#2' (Flatten): unknown key 'inbound_nodes'"),
        Arguments.of(
            sequential(IMAGES, layer("InputLayer", "\"batch_shape\": [null, 8, 8, 2]")),
            "layer '#2' (InputLayer): an InputLayer must come first"),
        Arguments.of(
            sequential("[null, 8, null, 2]", layer("Flatten", "")),
            "batch_shape: every dimension but the batch must be a fixed size of at least 1"),
        Arguments.of(
            "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + layer("Flatten", "")
                + "]}}",
            "the input shape is missing"),
        Arguments.of(
            "{\"class_name\": \"Functional\", \"config\": {\"layers\": []}}",
            "class_name: a functional model (Functional); convnet4j reads Sequential models only"),
        Arguments.of(
            "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}",
            "config.layers: expected a list of layers, got []"),
        Arguments.of("[1, 2]", "expected a JSON object with class_name \"Sequential\""),
        Arguments.of("", "the file is empty"),
        Arguments.of(
            "{\"class_name\": \"Sequential\", \"class_name\": \"Sequential\"}",
            "not valid JSON at line 1, column"),
        Arguments.of("{\"class_name\": \"Sequential\"} {}", "not valid JSON"),
        Arguments.of(
            "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [], \"optimizer\":"
                + " \"adam\"}}",
            "config: unknown key 'optimizer' for Sequential"),
        Arguments.of(
            sequential(IMAGES, layer("BatchNormalization", "\"name\": \"bn\", \"axis\": 1")),
            "layer 'bn' (BatchNormalization): only the last axis"),
        Arguments.of(
            sequential(
                IMAGES,
                layer("BatchNormalization", "\"name\": \"bn\", \"gamma_initializer\": \"zeros\"")),
            "layer 'bn' (BatchNormalization): gamma_initializer: expected ones"),
        Arguments.of(
            sequential(IMAGES, layer("BatchNormalization", "\"name\": \"bn\", \"renorm\": true")),
            "layer 'bn' (BatchNormalization): renorm: expected false"),
        Arguments.of(
            sequential(
                IMAGES, layer("BatchNormalization", "\"name\": \"bn\", \"virtual_batch_size\": 8")),
            "layer 'bn' (BatchNormalization): virtual_batch_size: expected null"),
        Arguments.of(
            sequential(
                IMAGES,
                layer(
                    "BatchNormalization",
                    "\"name\": \"bn\", \"gamma_regularizer\": {\"class_name\": \"L2\"}")),
            "layer 'bn' (BatchNormalization): gamma_regularizer: expected null"),
        Arguments.of(sequential(IMAGES), "the model has no layers besides its InputLayer"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void isOneLineNamingTheLayerAndTheKey(String json, String message) {
    assertThatThrownBy(() -> KerasModelFile.parse(json))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith("model file model JSON: ")
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }
}
