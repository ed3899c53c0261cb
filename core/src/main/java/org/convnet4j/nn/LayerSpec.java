package org.convnet4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer's architecture without its weights: type, name and settings. Its text form, one line such
 * as {@code Conv2D conv2d_1 filters=32 kernel=5x5 strides=1x1 padding=SAME activation=relu}, is
 * what checkpoints store; {@link #parse} and {@link #toLayer()} turn it back into a layer.
 *
 * @param type the kind of layer
 * @param name the layer's name in its model
 * @param settings the layer's settings in a fixed order; no spaces or {@code =} in keys, no spaces
 *     in values
 */
public record LayerSpec(LayerType type, String name, Map<String, String> settings) {

  /** Copies {@code settings}, keeping their order. */
  public LayerSpec {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * Reads the text form written by {@link #toString()}.
   *
   * @throws IllegalArgumentException if the text is not a layer spec
   */
  public static LayerSpec parse(String text) {
    String[] tokens = text.trim().split(" +");
    if (tokens.length < 2) {
      throw new IllegalArgumentException(
          "layer spec: expected 'Type name key=value ...', got '" + text + "'");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 2; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "layer spec: expected key=value, got '%s' in '%s'".formatted(tokens[i], text));
      }
      settings.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
    }
    return new LayerSpec(LayerType.parse(tokens[0]), tokens[1], settings);
  }

  /**
   * A new, unbuilt layer with this name ({@link Layer#named}) and settings and default initializers
   * (a checkpoint overwrites the weights anyway).
   *
   * @throws IllegalArgumentException if a setting is missing or malformed, or the name is not a
   *     usable layer name
   */
  public Layer toLayer() {
    Map<String, String> s = settings;
    Layer layer = switch (type) {
      case CONV2D ->
          new Conv2D(
                  intSetting(s, "filters"),
                  Window.fromSettings(s, "kernel"),
                  Activation.parse(get(s, "activation")))
              .withUseBias(useBias(s));
      case LOCALLY_CONNECTED2D ->
          new LocallyConnected2D(
                  intSetting(s, "filters"),
                  Window.fromSettings(s, "kernel"),
                  Activation.parse(get(s, "activation")))
              .withUseBias(useBias(s));
      case MAX_POOL2D -> new MaxPool2D(Window.fromSettings(s, "pool"));
      case AVG_POOL2D -> new AvgPool2D(Window.fromSettings(s, "pool"));
      case FLATTEN -> new Flatten();
      case DENSE ->
          new Dense(intSetting(s, "units"), Activation.parse(get(s, "activation")))
              .withUseBias(useBias(s));
      case RELU -> new ReLU();
      case DROPOUT -> new Dropout(floatSetting(s, "keep_prob"));
      case ACTIVATION -> new ActivationLayer(Activation.parse(get(s, "activation")));
      case GLOBAL_AVERAGE_POOLING2D -> new GlobalAveragePooling2D();
      case GLOBAL_MAX_POOLING2D -> new GlobalMaxPooling2D();
      case BATCH_NORMALIZATION ->
          new BatchNormalization(
              intSetting(s, "axis"),
              doubleSetting(s, "momentum"),
              doubleSetting(s, "epsilon"),
              booleanSetting(s, "center", true),
              booleanSetting(s, "scale", true));
    };
    return layer.named(name);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type.displayName()).append(' ').append(name);
    settings.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  static String get(Map<String, String> settings, String key) {
    String value = settings.get(key);
    if (value == null) {
      throw new IllegalArgumentException("layer spec: setting '" + key + "' is missing");
    }
    return value;
  }

  /** Reads a setting written as {@code 5x5}. */
  static int[] parsePair(Map<String, String> settings, String key) {
    String[] parts = get(settings, key).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "layer spec: %s must look like 5x5, got '%s'".formatted(key, settings.get(key)));
    }
    return new int[] {parseInt(key, parts[0]), parseInt(key, parts[1])};
  }

  // Absent means true: specs written before use_bias existed all had a bias.
  private static boolean useBias(Map<String, String> settings) {
    return booleanSetting(settings, "use_bias", true);
  }

  /** A setting written as {@code true} or {@code false}; {@code absent} when it is missing. */
  static boolean booleanSetting(Map<String, String> settings, String key, boolean absent) {
    String value = settings.get(key);
    if (value == null) {
      return absent;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "layer spec: %s must be true or false, got '%s'".formatted(key, value));
    };
  }

  private static int intSetting(Map<String, String> settings, String key) {
    return parseInt(key, get(settings, key));
  }

  private static double doubleSetting(Map<String, String> settings, String key) {
    try {
      return Double.parseDouble(get(settings, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "layer spec: %s must be a number, got '%s'".formatted(key, settings.get(key)));
    }
  }

  private static float floatSetting(Map<String, String> settings, String key) {
    try {
      return Float.parseFloat(get(settings, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "layer spec: %s must be a number, got '%s'".formatted(key, settings.get(key)));
    }
  }

  private static int parseInt(String key, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "layer spec: %s must be an integer, got '%s'".formatted(key, text));
    }
  }
}
