package org.convnet4j.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.convnet4j.Padding;
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
import org.convnet4j.nn.KernelLayer;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Window;

/** A {@link Sequential} in the form Keras 3's {@code model.to_json()} gives. */
final class KerasWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private KerasWriter() {}

  static String toJson(Sequential model) {
    ArrayNode layers = NODES.arrayNode();
    ObjectNode input = NODES.objectNode();
    input.set("batch_shape", batchShape(model.inputShape()));
    input.put("dtype", "float32");
    input.put("sparse", false);
    input.put("name", "input_layer");
    layers.add(entry("InputLayer", input, null));
    for (Layer layer : model.layers()) {
      layers.add(entry(kerasClass(layer), config(layer), layer.inputShape()));
    }
    ObjectNode config = NODES.objectNode();
    config.put("name", "sequential");
    config.put("trainable", true);
    config.set("dtype", float32Policy());
    config.set("layers", layers);
    ObjectNode root = NODES.objectNode();
    root.put("module", "keras");
    root.put("class_name", "Sequential");
    root.set("config", config);
    root.putNull("registered_name");
    ObjectNode build = NODES.objectNode();
    build.set("input_shape", batchShape(model.inputShape()));
    root.set("build_config", build);
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain nodes always serialises
    }
  }

  private static ObjectNode entry(String className, ObjectNode config, int[] inputShape) {
    ObjectNode entry = NODES.objectNode();
    entry.put("module", "keras.layers");
    entry.put("class_name", className);
    entry.set("config", config);
    entry.putNull("registered_name");
    if (inputShape != null) {
      ObjectNode build = NODES.objectNode();
      build.set("input_shape", batchShape(inputShape));
      entry.set("build_config", build);
    }
    return entry;
  }

  private static String kerasClass(Layer layer) {
    return switch (layer) {
      case Conv2D c -> "Conv2D";
      case LocallyConnected2D l -> "LocallyConnected2D";
      case MaxPool2D p -> "MaxPooling2D";
      case AvgPool2D p -> "AveragePooling2D";
      case Flatten f -> "Flatten";
      case Dense d -> "Dense";
      case Dropout d -> "Dropout";
      case ReLU r -> "ReLU";
      case ActivationLayer a -> "Activation";
      case BatchNormalization b -> "BatchNormalization";
      case GlobalAveragePooling2D g -> "GlobalAveragePooling2D";
      case GlobalMaxPooling2D g -> "GlobalMaxPooling2D";
      default ->
          throw new IllegalArgumentException(
              "Keras model file: no Keras form for layer %s (%s)"
                  .formatted(layer.name(), layer.type().displayName()));
    };
  }

  private static ObjectNode config(Layer layer) {
    ObjectNode c = NODES.objectNode();
    c.put("name", layer.name());
    c.put("trainable", true);
    c.set("dtype", float32Policy());
    switch (layer) {
      case Conv2D conv -> {
        c.put("filters", conv.filters());
        putWindow(c, "kernel_size", conv.window());
        c.put("data_format", "channels_last");
        c.set("dilation_rate", pair(1, 1));
        c.put("groups", 1);
        putKernelSettings(c, conv);
      }
      case LocallyConnected2D local -> {
        c.put("filters", local.filters());
        putWindow(c, "kernel_size", local.window());
        c.put("data_format", "channels_last");
        c.put("implementation", 1);
        putKernelSettings(c, local);
      }
      case MaxPool2D pool -> putPoolWindow(c, pool.window());
      case AvgPool2D pool -> putPoolWindow(c, pool.window());
      case Flatten f -> c.put("data_format", "channels_last");
      case Dense dense -> {
        c.put("units", dense.outputShape()[0]);
        putKernelSettings(c, dense);
      }
      case Dropout dropout -> {
        // keep_prob 0.9f is written as rate 0.1, not 0.100000024: the decimal the float prints as.
        c.put(
            "rate",
            BigDecimal.ONE
                .subtract(new BigDecimal(Float.toString(dropout.keepProb())))
                .doubleValue());
        c.putNull("seed");
        c.putNull("noise_shape");
      }
      case ReLU r -> {
        c.putNull("max_value");
        c.put("negative_slope", 0.0);
        c.put("threshold", 0.0);
      }
      case ActivationLayer a -> c.put("activation", a.activation().specName());
      case BatchNormalization b -> {
        // BatchNormalization has no axis getter; its spec keeps the axis it was given (-1 or 3).
        c.put("axis", Integer.parseInt(b.spec().settings().get("axis")));
        c.put("momentum", b.momentum());
        c.put("epsilon", b.epsilon());
        c.put("center", b.center());
        c.put("scale", b.scale());
        c.set("beta_initializer", constant("Zeros"));
        c.set("gamma_initializer", constant("Ones"));
        c.set("moving_mean_initializer", constant("Zeros"));
        c.set("moving_variance_initializer", constant("Ones"));
        c.putNull("beta_regularizer");
        c.putNull("gamma_regularizer");
        c.putNull("beta_constraint");
        c.putNull("gamma_constraint");
        c.put("synchronized", false);
      }
      case GlobalAveragePooling2D g -> putGlobalPooling(c);
      case GlobalMaxPooling2D g -> putGlobalPooling(c);
      default -> kerasClass(layer); // throws
    }
    return c;
  }

  private static void putWindow(ObjectNode c, String sizeKey, Window w) {
    c.set(sizeKey, pair(w.height(), w.width()));
    c.set("strides", pair(w.strideHeight(), w.strideWidth()));
    c.set("padding", padding(w.padding()));
  }

  private static void putPoolWindow(ObjectNode c, Window w) {
    c.set("pool_size", pair(w.height(), w.width()));
    c.set("padding", padding(w.padding()));
    c.set("strides", pair(w.strideHeight(), w.strideWidth()));
    c.put("data_format", "channels_last");
  }

  private static void putGlobalPooling(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.put("keepdims", false);
  }

  private static void putKernelSettings(ObjectNode c, KernelLayer layer) {
    c.put("activation", layer.activation().specName());
    c.put("use_bias", layer.useBias());
    putInitializer(c, "kernel_initializer", layer.kernelInitializer());
    if (layer.useBias()) {
      putInitializer(c, "bias_initializer", layer.biasInitializer());
    }
    c.putNull("kernel_regularizer");
    c.putNull("bias_regularizer");
    c.putNull("activity_regularizer");
    c.putNull("kernel_constraint");
    c.putNull("bias_constraint");
  }

  private static com.fasterxml.jackson.databind.JsonNode padding(Padding padding) {
    return switch (padding) {
      case Padding.Same s -> NODES.textNode("same");
      case Padding.Valid v -> NODES.textNode("valid");
      case Padding.Explicit(int top, int bottom, int left, int right) ->
          NODES.arrayNode().add(top).add(bottom).add(left).add(right);
    };
  }

  private static ArrayNode pair(int a, int b) {
    return NODES.arrayNode().add(a).add(b);
  }

  private static ArrayNode batchShape(int[] shape) {
    ArrayNode node = NODES.arrayNode().addNull();
    for (int d : shape) {
      node.add(d);
    }
    return node;
  }

  // An initializer convnet4j can describe, as Keras 3 writes it; one it cannot (a lambda of the
  // user's) is left out, and Keras would use its default.
  private static void putInitializer(ObjectNode c, String key, Initializer initializer) {
    ObjectNode config = NODES.objectNode();
    String className =
        switch (initializer) {
          case Initializer.Zeros z -> "Zeros";
          case Initializer.GlorotUniform g -> {
            config.putNull("seed");
            yield "GlorotUniform";
          }
          case Initializer.HeNormal h -> {
            config.putNull("seed");
            yield "HeNormal";
          }
          case Initializer.RandomNormal(float mean, float stddev) -> {
            config.putNull("seed");
            config.put("mean", mean);
            config.put("stddev", stddev);
            yield "RandomNormal";
          }
          case Initializer.TruncatedNormal(float stddev) -> {
            config.putNull("seed");
            config.put("mean", 0.0);
            config.put("stddev", stddev);
            yield "TruncatedNormal";
          }
          default -> null;
        };
    if (className != null) {
      ObjectNode object = NODES.objectNode();
      object.put("module", "keras.initializers");
      object.put("class_name", className);
      object.set("config", config);
      object.putNull("registered_name");
      c.set(key, object);
    }
  }

  private static ObjectNode constant(String className) {
    ObjectNode initializer = NODES.objectNode();
    initializer.put("module", "keras.initializers");
    initializer.put("class_name", className);
    initializer.set("config", NODES.objectNode());
    initializer.putNull("registered_name");
    return initializer;
  }

  private static ObjectNode float32Policy() {
    ObjectNode policy = NODES.objectNode();
    policy.put("module", "keras");
    policy.put("class_name", "DTypePolicy");
    policy.set("config", NODES.objectNode().put("name", "float32"));
    policy.putNull("registered_name");
    return policy;
  }
}
