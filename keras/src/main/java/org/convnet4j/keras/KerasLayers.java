package org.convnet4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.function.Supplier;
import org.convnet4j.Padding;
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
import org.convnet4j.nn.KernelLayer;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Window;

/**
 * Keras' layer classes as convnet4j layers: each reader takes the keys it honours from a layer's
 * config and returns how to make the layer (a fresh one for every model built from the file).
 */
final class KerasLayers {

  /** The Keras classes read here (InputLayer aside), for error messages. */
  static final String SUPPORTED =
      "InputLayer, Conv2D, LocallyConnected2D, MaxPooling2D, AveragePooling2D,"
          + " GlobalAveragePooling2D, GlobalMaxPooling2D, BatchNormalization, Flatten, Dense,"
          + " Dropout, Activation, ReLU";

  private KerasLayers() {}

  /**
   * How to make the layer {@code layer} describes.
   *
   * @throws ConfigProblem for a class, key or value convnet4j cannot honour
   */
  static Supplier<Layer> read(LayerConfig layer) {
    String name = layer.layerName();
    Supplier<Layer> made =
        switch (layer.className()) {
          // Keras 2 also knows Conv2D as Convolution2D, the poolings as MaxPool2D, AvgPool2D,
          // GlobalMaxPool2D and GlobalAvgPool2D.
          case "Conv2D", "Convolution2D" -> conv2d(layer);
          case "LocallyConnected2D" -> locallyConnected2d(layer);
          case "MaxPooling2D", "MaxPool2D" -> {
            Window window = poolWindow(layer);
            yield () -> new MaxPool2D(window);
          }
          case "AveragePooling2D", "AvgPool2D" -> {
            Window window = poolWindow(layer);
            yield () -> new AvgPool2D(window);
          }
          case "GlobalAveragePooling2D", "GlobalAvgPool2D" -> {
            requireNoKeptDimensions(layer);
            yield GlobalAveragePooling2D::new;
          }
          case "GlobalMaxPooling2D", "GlobalMaxPool2D" -> {
            requireNoKeptDimensions(layer);
            yield GlobalMaxPooling2D::new;
          }
          case "BatchNormalization" -> batchNormalization(layer);
          case "Flatten" -> Flatten::new;
          case "Dense" -> dense(layer);
          case "Dropout" -> dropout(layer);
          case "Activation" -> activation(layer);
          case "ReLU" -> relu(layer);
          default ->
              throw layer.problem("convnet4j has no layer of this class; it reads " + SUPPORTED);
        };
    layer.finish();
    return name == null ? made : () -> made.get().named(name);
  }

  // convnet4j's global pooling puts out [n, c], Keras' keepdims=False.
  private static void requireNoKeptDimensions(LayerConfig layer) {
    JsonNode keepdims = layer.take("keepdims");
    if (keepdims != null && !(keepdims.isBoolean() && !keepdims.asBoolean())) {
      throw layer.problem(
          "keepdims",
          "expected false (convnet4j's global pooling puts out [n, c]), got "
              + Values.show(keepdims));
    }
  }

  private static Supplier<Layer> conv2d(LayerConfig layer) {
    int filters = layer.positiveInt("filters");
    Window window = convWindow(layer);
    Activation activation = layer.activation("activation");
    Initializers init = initializers(layer);
    return () -> init.apply(new Conv2D(filters, window, activation));
  }

  private static Supplier<Layer> locallyConnected2d(LayerConfig layer) {
    int filters = layer.positiveInt("filters");
    Window window = convWindow(layer);
    Activation activation = layer.activation("activation");
    Initializers init = initializers(layer);
    // Keras' three implementations compute the same function; they differ in speed and memory.
    JsonNode implementation = layer.take("implementation");
    if (implementation != null
        && !(implementation.isInt()
            && implementation.asInt() >= 1
            && implementation.asInt() <= 3)) {
      throw layer.problem(
          "implementation", "expected 1, 2 or 3, got " + Values.show(implementation));
    }
    return () -> init.apply(new LocallyConnected2D(filters, window, activation));
  }

  private static Supplier<Layer> dense(LayerConfig layer) {
    int units = layer.positiveInt("units");
    Activation activation = layer.activation("activation");
    Initializers init = initializers(layer);
    return () -> init.apply(new Dense(units, activation));
  }

  // Keras' drop probability `rate` is the tutorial's keep_prob = 1 - rate; computed in decimal so
  // that a rate of 0.1 gives a keep probability of exactly 0.9f.
  private static Supplier<Layer> dropout(LayerConfig layer) {
    double rate = layer.number("rate", null);
    if (!(rate >= 0 && rate < 1)) {
      throw layer.problem("rate", "expected a drop probability in [0, 1), got " + rate);
    }
    float keepProb = BigDecimal.ONE.subtract(new BigDecimal(Double.toString(rate))).floatValue();
    return () -> new Dropout(keepProb);
  }

  private static Supplier<Layer> activation(LayerConfig layer) {
    if (!layer.has("activation")) {
      throw layer.problem("activation", "is missing");
    }
    Activation activation = layer.activation("activation");
    return () -> new ActivationLayer(activation);
  }

  private static Supplier<Layer> batchNormalization(LayerConfig layer) {
    int axis = axis(layer);
    double momentum = layer.number("momentum", BatchNormalization.DEFAULT_MOMENTUM);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw layer.problem("momentum", "expected a number in [0, 1], got " + momentum);
    }
    double epsilon = layer.number("epsilon", BatchNormalization.DEFAULT_EPSILON);
    if (!(epsilon > 0)) {
      throw layer.problem("epsilon", "expected a positive number, got " + epsilon);
    }
    boolean center = layer.bool("center", true);
    boolean scale = layer.bool("scale", true);
    // The statistics and the offset start at zero, the variance and the scale at one.
    KerasInitializers.requireConstant(layer, "beta_initializer", "zeros");
    KerasInitializers.requireConstant(layer, "gamma_initializer", "ones");
    KerasInitializers.requireConstant(layer, "moving_mean_initializer", "zeros");
    KerasInitializers.requireConstant(layer, "moving_variance_initializer", "ones");
    // Synchronising the statistics across devices changes nothing on one machine; TensorFlow's
    // fused kernel is a way of computing them.
    for (String key : new String[] {"synchronized", "fused"}) {
      JsonNode v = layer.take(key);
      if (v != null && !v.isNull() && !v.isBoolean()) {
        throw layer.problem(key, "expected true, false or null, got " + Values.show(v));
      }
    }
    if (layer.bool("renorm", false)) {
      throw layer.problem("renorm", "expected false (convnet4j has no batch renormalization)");
    }
    layer.take("renorm_momentum"); // used only with renorm
    requireValue(layer, "renorm_clipping", null, "null (convnet4j has no batch renormalization)");
    requireValue(layer, "virtual_batch_size", null, "null (convnet4j has no ghost batches)");
    requireValue(layer, "adjustment", null, "null");
    return () -> new BatchNormalization(axis, momentum, epsilon, center, scale);
  }

  // Keras 3 writes -1; tf.keras, once built, the channel axis in a list: [3] after a convolution.
  private static int axis(LayerConfig layer) {
    JsonNode v = layer.take("axis");
    if (v == null || v.isNull()) {
      return -1;
    }
    JsonNode axis = v.isArray() && v.size() == 1 ? v.get(0) : v;
    if (!axis.isInt()) {
      throw layer.problem("axis", "expected the channel axis, -1 or [3], got " + Values.show(v));
    }
    return axis.asInt();
  }

  private static Supplier<Layer> relu(LayerConfig layer) {
    requireValue(layer, "max_value", null, "null (convnet4j's ReLU has no ceiling)");
    requireValue(layer, "negative_slope", 0.0, "0 (convnet4j's ReLU is not leaky)");
    requireValue(layer, "threshold", 0.0, "0 (convnet4j's ReLU cuts at 0)");
    return ReLU::new;
  }

  // An absent key counts as Keras' default, which the expected value is.
  private static void requireValue(LayerConfig layer, String key, Double expected, String says) {
    JsonNode v = layer.take(key);
    if (v == null) {
      return;
    }
    boolean ok = expected == null ? v.isNull() : v.isNumber() && v.asDouble() == expected;
    if (!ok) {
      throw layer.problem(key, "expected %s, got %s".formatted(says, Values.show(v)));
    }
  }

  private static Window convWindow(LayerConfig layer) {
    int[] kernel = layer.pair("kernel_size", null);
    int[] strides = layer.pair("strides", new int[] {1, 1});
    Padding padding = layer.padding("padding");
    return new Window(kernel[0], kernel[1], strides[0], strides[1], padding);
  }

  // Keras' pool_size defaults to 2x2, and strides of null mean the pool size.
  private static Window poolWindow(LayerConfig layer) {
    int[] size = layer.pair("pool_size", new int[] {2, 2});
    int[] strides = layer.pair("strides", size);
    Padding padding = layer.padding("padding");
    return new Window(size[0], size[1], strides[0], strides[1], padding);
  }

  /**
   * Whether a kernel layer has a bias, and its initializers. A kernel initializer the file does not
   * name is convnet4j's He normal (Keras' own default would be Glorot uniform, but a file Keras
   * wrote always names it); one it names is honoured.
   */
  private record Initializers(boolean useBias, Initializer kernel, Initializer bias) {
    KernelLayer apply(KernelLayer layer) {
      return layer.withInitializers(kernel, bias).withUseBias(useBias);
    }
  }

  private static Initializers initializers(LayerConfig layer) {
    return new Initializers(
        layer.bool("use_bias", true),
        KerasInitializers.read(layer, "kernel_initializer", Initializer.heNormal()),
        KerasInitializers.read(layer, "bias_initializer", Initializer.zeros()));
  }
}
