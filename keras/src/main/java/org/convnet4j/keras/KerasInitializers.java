package org.convnet4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import org.convnet4j.nn.Initializer;

/**
 * Keras' initializers that convnet4j has, by their Keras names: {@code glorot_uniform} / {@code
 * GlorotUniform}, {@code he_normal} / {@code HeNormal}, {@code zeros} / {@code Zeros}, {@code
 * random_normal} / {@code RandomNormal} (mean, stddev; Keras' default stddev 0.05), {@code
 * truncated_normal} / {@code TruncatedNormal} (mean 0, stddev) and the {@code VarianceScaling}
 * objects of older Keras 2 files that are Glorot uniform or He normal. Their {@code seed} is not
 * used: convnet4j draws every initial weight from the run's seed. Any other initializer is an
 * error.
 */
final class KerasInitializers {

  private static final double DEFAULT_STDDEV = 0.05;

  private KerasInitializers() {}

  /**
   * The initializer {@code key} names, or {@code fallback} when the key is absent or null.
   *
   * @throws ConfigProblem for an initializer convnet4j does not have
   */
  static Initializer read(LayerConfig layer, String key, Initializer fallback) {
    JsonNode v = layer.take(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    String name;
    JsonNode config;
    if (v.isTextual()) {
      name = v.asText();
      config = null;
    } else if (v.isObject() && v.path("class_name").isTextual()) {
      name = v.get("class_name").asText();
      config = v.get("config");
      if (config != null && !config.isNull() && !config.isObject()) {
        throw layer.problem(key, "config: expected an object, got " + Values.show(config));
      }
    } else {
      throw layer.problem(key, "expected an initializer name or object, got " + Values.show(v));
    }
    return switch (name) {
      case "glorot_uniform", "GlorotUniform" -> {
        checkKeys(layer, key, config, Set.of("seed"));
        yield Initializer.glorotUniform();
      }
      case "he_normal", "HeNormal" -> {
        checkKeys(layer, key, config, Set.of("seed"));
        yield Initializer.heNormal();
      }
      case "zeros", "Zeros" -> {
        checkKeys(layer, key, config, Set.of());
        yield Initializer.zeros();
      }
      case "random_normal", "RandomNormal" -> {
        checkKeys(layer, key, config, Set.of("seed", "mean", "stddev"));
        yield Initializer.randomNormal(
            (float) number(layer, key, config, "mean", 0), stddev(layer, key, config));
      }
      case "truncated_normal", "TruncatedNormal" -> {
        checkKeys(layer, key, config, Set.of("seed", "mean", "stddev"));
        if (number(layer, key, config, "mean", 0) != 0) {
          throw layer.problem(key, "convnet4j's truncated normal has mean 0");
        }
        yield Initializer.truncatedNormal(stddev(layer, key, config));
      }
      case "VarianceScaling" -> varianceScaling(layer, key, config);
      default ->
          throw layer.problem(
              key,
              "convnet4j has glorot_uniform, he_normal, zeros, random_normal and"
                  + " truncated_normal; got "
                  + Values.show(v.isTextual() ? v : v.get("class_name")));
    };
  }

  /**
   * Checks that {@code key}, if present, names the constant initializer {@code zeros} or {@code
   * ones} (as a name or a {@code Zeros} / {@code Ones} object): the only start convnet4j gives
   * batch normalization's offset, scale and statistics.
   */
  static void requireConstant(LayerConfig layer, String key, String name) {
    JsonNode v = layer.take(key);
    if (v == null || v.isNull()) {
      return;
    }
    String className = name.equals("zeros") ? "Zeros" : "Ones";
    boolean named = v.isTextual() && v.asText().equals(name);
    boolean object =
        v.isObject()
            && v.path("class_name").asText("").equals(className)
            && (v.path("config").isMissingNode()
                || v.path("config").isNull()
                || v.path("config").isEmpty());
    if (!named && !object) {
      throw layer.problem(
          key, "expected %s (convnet4j starts it there), got %s".formatted(name, Values.show(v)));
    }
  }

  // Keras 2.0 wrote its named initializers as VarianceScaling objects.
  private static Initializer varianceScaling(LayerConfig layer, String key, JsonNode config) {
    checkKeys(layer, key, config, Set.of("seed", "scale", "mode", "distribution"));
    double scale = number(layer, key, config, "scale", 1);
    String mode = config == null ? "fan_in" : config.path("mode").asText("fan_in");
    String distribution =
        config == null
            ? "truncated_normal"
            : config.path("distribution").asText("truncated_normal");
    if (scale == 1 && mode.equals("fan_avg") && distribution.equals("uniform")) {
      return Initializer.glorotUniform();
    }
    if (scale == 2
        && mode.equals("fan_in")
        && (distribution.equals("truncated_normal") || distribution.equals("normal"))) {
      return Initializer.heNormal();
    }
    throw layer.problem(
        key,
        "convnet4j has the VarianceScaling of Glorot uniform (1, fan_avg, uniform) and He normal"
            + " (2, fan_in, truncated_normal); got %s, %s, %s"
                .formatted(scale, Values.shorten(mode), Values.shorten(distribution)));
  }

  private static float stddev(LayerConfig layer, String key, JsonNode config) {
    double stddev = number(layer, key, config, "stddev", DEFAULT_STDDEV);
    if (!(stddev > 0) || stddev > Float.MAX_VALUE) {
      throw layer.problem(key, "stddev must be positive, got " + stddev);
    }
    return (float) stddev;
  }

  private static double number(
      LayerConfig layer, String key, JsonNode config, String field, double fallback) {
    JsonNode v = config == null ? null : config.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw layer.problem(key, field + ": expected a number, got " + Values.show(v));
    }
    return v.asDouble();
  }

  private static void checkKeys(LayerConfig layer, String key, JsonNode config, Set<String> known) {
    if (config == null || config.isNull()) {
      return;
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw layer.problem(
            key,
            "unknown initializer key '%s'; convnet4j cannot honour it"
                .formatted(Values.shorten(field)));
      }
    }
  }
}
