package org.convnet4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.nn.Activation;

/**
 * One layer's {@code config} object, read key by key. Each key a reader asks for is marked; {@link
 * #finish()} then checks that every key left is one without meaning here (a name, a dtype of
 * float32, a regularizer of {@code null}, ...) at a value convnet4j can honour, so that nothing in
 * the file is silently ignored. Problems name the layer and the key.
 */
final class LayerConfig {

  /**
   * Keys every Keras layer may carry that change nothing in convnet4j at the values accepted here;
   * any other value is an error.
   */
  private static final Map<String, Accepted> NEUTRAL_KEYS =
      Map.ofEntries(
          Map.entry("name", new Accepted("a name", v -> v.isTextual() || v.isNull())),
          Map.entry(
              "trainable",
              new Accepted(
                  "true (convnet4j trains every layer)", v -> v.isBoolean() && v.asBoolean())),
          Map.entry(
              "dtype",
              new Accepted("float32 (convnet4j computes in float32)", LayerConfig::isFloat32)),
          Map.entry(
              "data_format",
              new Accepted(
                  "channels_last (convnet4j's layout is NHWC)",
                  v -> v.isNull() || "channels_last".equals(v.asText(null)))),
          Map.entry(
              "dilation_rate",
              new Accepted(
                  "1 or [1, 1] (convnet4j convolves without dilation)", LayerConfig::isAllOnes)),
          Map.entry(
              "groups",
              new Accepted(
                  "1 (convnet4j has no grouped convolution)", v -> v.isInt() && v.asInt() == 1)),
          Map.entry("kernel_regularizer", nothing("regularizers")),
          Map.entry("bias_regularizer", nothing("regularizers")),
          Map.entry("activity_regularizer", nothing("regularizers")),
          Map.entry("kernel_constraint", nothing("constraints")),
          Map.entry("beta_regularizer", nothing("regularizers")),
          Map.entry("gamma_regularizer", nothing("regularizers")),
          Map.entry("beta_constraint", nothing("constraints")),
          Map.entry("gamma_constraint", nothing("constraints")),
          Map.entry("bias_constraint", nothing("constraints")),
          Map.entry("noise_shape", nothing("dropout noise shapes")),
          Map.entry("lora_rank", nothing("LoRA")),
          Map.entry("lora_alpha", nothing("LoRA")),
          Map.entry("quantization_config", nothing("quantization")),
          // Dropout's seed: convnet4j seeds every mask from the run's --seed instead.
          Map.entry(
              "seed", new Accepted("null or an integer", v -> v.isNull() || v.isIntegralNumber())),
          Map.entry("sparse", new Accepted("false", v -> v.isBoolean() && !v.asBoolean())),
          Map.entry("ragged", new Accepted("false", v -> v.isBoolean() && !v.asBoolean())),
          Map.entry("optional", new Accepted("false", v -> v.isBoolean() && !v.asBoolean())));

  private record Accepted(String expected, Predicate<JsonNode> test) {}

  private static Accepted nothing(String what) {
    return new Accepted("null (convnet4j has no " + what + ")", JsonNode::isNull);
  }

  private final String className;
  private final String where;
  private final JsonNode config;
  private final Set<String> taken = new HashSet<>();

  /**
   * @param className the layer's Keras class
   * @param index the layer's position in the file, from 0, for layers without a name
   * @param config the layer's {@code config} object
   */
  LayerConfig(String className, int index, JsonNode config) {
    this.className = className;
    this.config = config;
    JsonNode name = config.get("name");
    String layerName = name != null && name.isTextual() ? name.asText() : "#" + (index + 1);
    this.where = "layer '%s' (%s)".formatted(Values.shorten(layerName), className);
  }

  private LayerConfig(JsonNode config) {
    this.className = "Sequential";
    this.config = config;
    this.where = "config";
  }

  /** The Sequential model's own {@code config} object, named {@code config} in problems. */
  static LayerConfig ofModel(JsonNode config) {
    return new LayerConfig(config);
  }

  /** {@code layer 'conv2d' (Conv2D)}, how problems name the layer. */
  String where() {
    return where;
  }

  String className() {
    return className;
  }

  /** A problem with {@code key} of this layer. */
  ConfigProblem problem(String key, String text) {
    return new ConfigProblem(where() + ": " + key + ": " + text);
  }

  /** A problem with this layer as a whole. */
  ConfigProblem problem(String text) {
    return new ConfigProblem(where() + ": " + text);
  }

  /** Marks {@code key} as read and returns its value; {@code null} if it is absent. */
  JsonNode take(String key) {
    taken.add(key);
    return config.get(key);
  }

  /** True if the key is present, even as JSON null. */
  boolean has(String key) {
    return config.has(key);
  }

  /**
   * The layer's {@code name}, which the model keeps ({@link org.convnet4j.nn.Layer#named}), or
   * {@code null} when absent or null, for the default name.
   */
  String layerName() {
    JsonNode v = take("name");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw problem("name", "expected a string, got " + Values.show(v));
    }
    String problem = org.convnet4j.nn.Layer.nameProblem(v.asText());
    if (problem != null) {
      throw problem("name", problem);
    }
    return v.asText();
  }

  /** A required integer of at least 1. */
  int positiveInt(String key) {
    JsonNode v = take(key);
    if (v == null || v.isNull()) {
      throw problem(key, "is missing");
    }
    return positiveInt(key, v);
  }

  private int positiveInt(String key, JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      throw problem(key, "expected an integer of at least 1, got " + Values.show(v));
    }
    return v.asInt();
  }

  /**
   * An integer or a pair of integers {@code [height, width]}, each at least 1; {@code fallback}
   * when the key is absent or null ({@code null} fallback: the key is required).
   */
  int[] pair(String key, int[] fallback) {
    JsonNode v = take(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw problem(key, "is missing");
      }
      return fallback;
    }
    if (v.isArray()) {
      if (v.size() != 2) {
        throw problem(key, "expected an integer or [height, width], got " + Values.show(v));
      }
      return new int[] {positiveInt(key, v.get(0)), positiveInt(key, v.get(1))};
    }
    int n = positiveInt(key, v);
    return new int[] {n, n};
  }

  /**
   * Keras' {@code "same"} or {@code "valid"} (any case), or convnet4j's extension {@code [top,
   * bottom, left, right]} of explicit zero padding; {@code "valid"} when absent.
   */
  Padding padding(String key) {
    JsonNode v = take(key);
    if (v == null || v.isNull()) {
      return Padding.VALID;
    }
    if (v.isTextual()) {
      String text = v.asText();
      if (text.equalsIgnoreCase("same")) {
        return Padding.SAME;
      }
      if (text.equalsIgnoreCase("valid")) {
        return Padding.VALID;
      }
    } else if (v.isArray() && v.size() == 4) {
      int[] p = new int[4];
      for (int i = 0; i < 4; i++) {
        JsonNode amount = v.get(i);
        if (!amount.isIntegralNumber() || !amount.canConvertToInt() || amount.asInt() < 0) {
          throw problem(
              key, "explicit padding amounts must be integers of 0 or more, got " + Values.show(v));
        }
        p[i] = amount.asInt();
      }
      return Padding.explicit(p[0], p[1], p[2], p[3]);
    }
    throw problem(
        key,
        "expected \"same\", \"valid\" or convnet4j's explicit [top, bottom, left, right], got "
            + Values.show(v));
  }

  /** An activation by Keras' name; linear when absent or null. */
  Activation activation(String key) {
    JsonNode v = take(key);
    if (v == null || v.isNull()) {
      return Activation.LINEAR;
    }
    List<String> known = Stream.of(Activation.values()).map(Activation::specName).toList();
    if (v.isTextual() && known.contains(v.asText())) {
      return Activation.parse(v.asText());
    }
    throw problem(
        key, "convnet4j has %s; got %s".formatted(String.join(", ", known), Values.show(v)));
  }

  /** A boolean, {@code fallback} when absent. */
  boolean bool(String key, boolean fallback) {
    JsonNode v = take(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw problem(key, "expected true or false, got " + Values.show(v));
    }
    return v.asBoolean();
  }

  /** A finite number, {@code fallback} when absent; {@code null} fallback: required. */
  double number(String key, Double fallback) {
    JsonNode v = take(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw problem(key, "is missing");
      }
      return fallback;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw problem(key, "expected a number, got " + Values.show(v));
    }
    return v.asDouble();
  }

  /**
   * Checks the keys no reader took: each must be one of the neutral keys at an accepted value.
   *
   * @throws ConfigProblem naming the first key convnet4j cannot honour
   */
  void finish() {
    List<String> left = new ArrayList<>();
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!taken.contains(key)) {
        left.add(key);
      }
    }
    for (String key : left) {
      Accepted accepted = NEUTRAL_KEYS.get(key);
      if (accepted == null) {
        throw problem(
            "unknown key '%s' for %s; convnet4j cannot honour it"
                .formatted(Values.shorten(key), className));
      }
      JsonNode v = config.get(key);
      if (!accepted.test().test(v)) {
        throw problem(key, "expected %s, got %s".formatted(accepted.expected(), Values.show(v)));
      }
    }
  }

  /** The neutral keys, for documentation and tests. */
  static Set<String> neutralKeys() {
    return NEUTRAL_KEYS.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }

  // Keras 2 writes "float32"; Keras 3 a policy object {"class_name": "DTypePolicy", "config":
  // {"name": "float32"}}.
  static boolean isFloat32(JsonNode v) {
    if (v.isNull() || (v.isTextual() && v.asText().equals("float32"))) {
      return true;
    }
    if (v.isObject()) {
      JsonNode policy = v.path("config").path("name");
      return policy.isTextual() && policy.asText().equals("float32");
    }
    return false;
  }

  private static boolean isAllOnes(JsonNode v) {
    if (v.isInt()) {
      return v.asInt() == 1;
    }
    if (!v.isArray() || v.isEmpty()) {
      return false;
    }
    for (JsonNode e : v) {
      if (!e.isInt() || e.asInt() != 1) {
        return false;
      }
    }
    return true;
  }
}
