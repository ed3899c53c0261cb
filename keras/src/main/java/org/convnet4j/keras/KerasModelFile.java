package org.convnet4j.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.Sequential;

/**
 * Reads and writes networks in Keras' {@code model.to_json()} format, so a network written for
 * Keras trains in convnet4j unchanged:
 *
 * <pre>{@code
 * KerasModel file = KerasModelFile.read(Path.of("net.json"));
 * Sequential model = file.build(42);                  // fresh weights from seed 42
 * String json = KerasModelFile.toJson(model);         // Keras 3's form, for model_from_json
 * }</pre>
 *
 * <p>Read: Sequential models of Keras 2 and Keras 3 ({@code batch_input_shape} or {@code
 * batch_shape}, on an {@code InputLayer} or on the first layer, or the model's {@code
 * build_input_shape}; Keras 3's {@code module}, {@code registered_name} and dtype-policy objects).
 * Layer classes: {@value KerasLayers#SUPPORTED}, by Keras' class and config names. Each layer keeps
 * its {@code name} (letters, digits, {@code _}, {@code -} and {@code .}, unique; a layer without
 * one gets convnet4j's default, {@code conv2d_1}, ...). Keys without meaning here ({@code
 * trainable: true}, a float32 dtype, {@code channels_last},
 * regularizers and constraints of {@code null}, dilation 1, ...) are accepted; any other class, key
 * or value is a {@link ModelFileException} naming the layer and the key, never silently ignored.
 * convnet4j's extension: {@code "padding": [top, bottom, left, right]}, explicit zero padding,
 * which Keras lacks.
 */
public final class KerasModelFile {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of(
          "class_name",
          "config",
          "keras_version",
          "backend",
          "module",
          "registered_name",
          "build_config",
          "compile_config");

  private static final Set<String> LAYER_KEYS =
      Set.of("class_name", "config", "module", "registered_name", "build_config");

  private static final Set<String> INPUT_SHAPE_KEYS =
      Set.of("batch_input_shape", "batch_shape", "input_shape");

  private KerasModelFile() {}

  /**
   * Reads the model file {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws ModelFileException if it is not a Keras Sequential model convnet4j can build; the
   *     message names the file, the layer and the key
   */
  public static KerasModel read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads a model from the text of a model file.
   *
   * @throws ModelFileException as {@link #read(Path)}, naming the source {@code model JSON}
   */
  public static KerasModel parse(String json) throws ModelFileException {
    return parse(json.getBytes(StandardCharsets.UTF_8), "model JSON");
  }

  /** Reads a model from the bytes of a model file, naming {@code source} in errors. */
  static KerasModel parse(byte[] json, String source) throws ModelFileException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ModelFileException(
          source,
          "not valid JSON%s: %s"
              .formatted(
                  at == null
                      ? ""
                      : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr()),
                  Values.shorten(e.getOriginalMessage().lines().findFirst().orElse(""))),
          e);
    } catch (IOException e) {
      throw new ModelFileException(source, "cannot be read as JSON: " + e.getMessage(), e);
    }
    try {
      return model(root);
    } catch (ConfigProblem e) {
      throw new ModelFileException(source, e.getMessage(), e);
    }
  }

  private static KerasModel model(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      throw new ConfigProblem("the file is empty");
    }
    if (!root.isObject()) {
      throw new ConfigProblem(
          "expected a JSON object with class_name \"Sequential\", got " + Values.show(root));
    }
    JsonNode className = root.get("class_name");
    if (className == null || !className.isTextual()) {
      throw new ConfigProblem("class_name: expected \"Sequential\", got " + shown(className));
    }
    switch (className.asText()) {
      case "Sequential" -> {}
      case "Functional", "Model" ->
          throw new ConfigProblem(
              "class_name: a functional model (%s); convnet4j reads Sequential models only"
                  .formatted(className.asText()));
      default ->
          throw new ConfigProblem(
              "class_name: expected \"Sequential\", got " + Values.show(className));
    }
    requireKnownKeys(root, TOP_LEVEL_KEYS, "the model");
    JsonNode config = root.get("config");
    JsonNode layerList;
    String name = "sequential";
    JsonNode buildInputShape = null;
    if (config != null && config.isArray()) {
      layerList = config; // Keras 2.0 to 2.2 wrote the layer list as the whole config
    } else if (config != null && config.isObject()) {
      LayerConfig model = LayerConfig.ofModel(config);
      layerList = model.take("layers");
      JsonNode n = model.take("name");
      if (n != null && n.isTextual()) {
        name = n.asText();
      }
      buildInputShape = model.take("build_input_shape");
      model.finish();
    } else {
      throw new ConfigProblem("config: expected an object with \"layers\", got " + shown(config));
    }
    if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
      throw new ConfigProblem("config.layers: expected a list of layers, got " + shown(layerList));
    }
    return layers(name, layerList, buildInputShape);
  }

  private static KerasModel layers(String name, JsonNode layerList, JsonNode buildInputShape) {
    int[] inputShape = null;
    List<Supplier<Layer>> made = new ArrayList<>();
    List<String> where = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < layerList.size(); i++) {
      JsonNode entry = layerList.get(i);
      String at = "config.layers[%d]".formatted(i);
      if (!entry.isObject() || !entry.path("class_name").isTextual()) {
        throw new ConfigProblem(
            at + ": expected a layer object with a class_name, got " + Values.show(entry));
      }
      String className = entry.get("class_name").asText();
      JsonNode config = entry.get("config");
      if (config == null || !config.isObject()) {
        throw new ConfigProblem(
            "%s (%s): config: expected an object, got %s"
                .formatted(at, Values.shorten(className), shown(config)));
      }
      LayerConfig layer = new LayerConfig(Values.shorten(className), i, config);
      requireKnownKeys(entry, LAYER_KEYS, layer.where());
      requireBuiltIn(entry, layer);
      if (className.equals("InputLayer")) {
        if (i != 0) {
          throw layer.problem("an InputLayer must come first");
        }
        inputShape = inputShape(layer);
        if (inputShape == null) {
          throw layer.problem(
              "batch_shape", "is missing: give the input's shape, e.g. [null, 28, 28, 1]");
        }
        layer.finish();
        continue;
      }
      if (i == 0) {
        inputShape = inputShape(layer);
      }
      for (String key : INPUT_SHAPE_KEYS) {
        if (i > 0 && layer.has(key)) {
          throw layer.problem(key, "only the first layer may give the input shape");
        }
      }
      String layerName = layer.layerName();
      Integer before = layerName == null ? null : names.putIfAbsent(layerName, i);
      if (before != null) {
        throw layer.problem(
            "name",
            "config.layers[%d] has this name already; layer names must be unique"
                .formatted(before));
      }
      made.add(KerasLayers.read(layer));
      where.add(layer.where());
    }
    if (inputShape == null && buildInputShape != null && !buildInputShape.isNull()) {
      inputShape = batchShape("config.build_input_shape", buildInputShape);
    }
    if (inputShape == null) {
      throw new ConfigProblem(
          "the input shape is missing: start with an InputLayer whose batch_shape (Keras 3) or"
              + " batch_input_shape (Keras 2) is, e.g., [null, 28, 28, 1]");
    }
    if (made.isEmpty()) {
      throw new ConfigProblem("the model has no layers besides its InputLayer");
    }
    KerasModel model = new KerasModel(name, inputShape, made);
    checkBuilds(model, where);
    return model;
  }

  // A layer that cannot take its predecessor's output (a Dense on images, a window larger than
  // its input) is found by building the model once. Sequential names each layer as it builds it,
  // so the one that failed is the last with a name.
  private static void checkBuilds(KerasModel model, List<String> where) {
    List<Layer> layers = model.newLayers();
    try {
      new Sequential(model.inputShape(), 0, layers);
    } catch (IllegalArgumentException e) {
      int failed = 0;
      for (int i = 0; i < layers.size(); i++) {
        if (layers.get(i).name() != null) {
          failed = i;
        }
      }
      // Sequential's message starts with the layer's name, which where says already.
      String message = e.getMessage();
      String name = layers.get(failed).name() + ": ";
      throw new ConfigProblem(
          where.get(failed)
              + ": "
              + (message.startsWith(name) ? message.substring(name.length()) : message));
    }
  }

  /** The input shape a layer's config gives, without the batch dimension, or {@code null}. */
  private static int[] inputShape(LayerConfig layer) {
    JsonNode batch =
        layer.has("batch_shape") ? layer.take("batch_shape") : layer.take("batch_input_shape");
    JsonNode single = layer.take("input_shape");
    if (batch != null && !batch.isNull()) {
      return batchShape(layer.where() + ": batch_shape", batch);
    }
    if (single != null && !single.isNull()) {
      return shape(layer.where() + ": input_shape", single, 0);
    }
    return null;
  }

  private static int[] batchShape(String what, JsonNode v) {
    if (!v.isArray() || v.size() < 2) {
      throw new ConfigProblem(what + ": expected [batch, ...dimensions], got " + Values.show(v));
    }
    JsonNode batch = v.get(0);
    if (!batch.isNull()
        && !(batch.isIntegralNumber() && batch.canConvertToInt() && batch.asInt() >= 1)) {
      throw new ConfigProblem(
          what + ": the batch dimension must be null or a size, got " + Values.show(v));
    }
    return shape(what, v, 1);
  }

  private static int[] shape(String what, JsonNode v, int from) {
    if (!v.isArray() || v.size() <= from) {
      throw new ConfigProblem(what + ": expected a list of dimensions, got " + Values.show(v));
    }
    int[] shape = new int[v.size() - from];
    for (int i = from; i < v.size(); i++) {
      JsonNode d = v.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 1) {
        throw new ConfigProblem(
            what
                + ": every dimension but the batch must be a fixed size of at least 1, got "
                + Values.show(v));
      }
      shape[i - from] = d.asInt();
    }
    return shape;
  }

  // Keras 3 names where a class comes from; a custom layer (registered_name "package>Class", or a
  // module outside Keras) has code convnet4j does not have.
  private static void requireBuiltIn(JsonNode entry, LayerConfig layer) {
    JsonNode registered = entry.get("registered_name");
    if (registered != null
        && !registered.isNull()
        && !registered.asText().equals(entry.get("class_name").asText())) {
      throw layer.problem(
          "registered_name",
          "a custom layer (%s); convnet4j reads Keras' own layers only"
              .formatted(Values.show(registered)));
    }
    JsonNode module = entry.get("module");
    if (module != null
        && !module.isNull()
        && !(module.isTextual() && module.asText().startsWith("keras"))) {
      throw layer.problem(
          "module",
          "a layer from %s; convnet4j reads Keras' own layers only".formatted(Values.show(module)));
    }
  }

  private static void requireKnownKeys(JsonNode object, Set<String> known, String what) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new ConfigProblem(
            "%s: unknown key '%s'; convnet4j cannot honour it"
                .formatted(what, Values.shorten(key)));
      }
    }
  }

  private static String shown(JsonNode v) {
    return v == null ? "nothing" : Values.show(v);
  }

  /**
   * The model's architecture as Keras 3's {@code model.to_json()} writes it, which {@code
   * keras.models.model_from_json} reads (a {@code LocallyConnected2D}, which Keras 3 dropped, or
   * explicit padding, convnet4j's extension, only convnet4j reads). The weights are not in it; the
   * initializers convnet4j has are, so the model read back starts as this one did (an initializer
   * of the caller's own, which has no Keras name, is left out).
   *
   * @throws IllegalArgumentException for a layer this format has no form for
   */
  public static String toJson(Sequential model) {
    return KerasWriter.toJson(model);
  }
}
