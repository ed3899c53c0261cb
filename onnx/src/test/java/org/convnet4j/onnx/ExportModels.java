package org.convnet4j.onnx;

import java.util.List;
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
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Models;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Window;

/**
 * Small models covering every layer type and padding mode, on odd sizes (SAME's odd cell at the
 * bottom and right, windows that hang over the edge), each ending in a dense layer so the flatten
 * order matters. Biases are drawn at random too, so a bias in the wrong place shows.
 */
final class ExportModels {

  /** A named model maker; each call builds a fresh model. */
  record Case(String name, Supplier<Sequential> model) {
    @Override
    public String toString() {
      return name;
    }
  }

  private ExportModels() {}

  static List<Case> all() {
    Padding asymmetric = Padding.explicit(1, 2, 0, 3);
    Padding poolAsymmetric = Padding.explicit(1, 2, 0, 2); // smaller than the 3x3 window
    return List.of(
        new Case("tutorial", () -> withRandomBiases(Models.tutorial(7))),
        new Case("convSameStride1", () -> conv(new int[] {7, 9, 2}, 3, 1, Padding.SAME)),
        new Case("convSameStride2EvenKernel", () -> conv(new int[] {7, 7, 3}, 4, 2, Padding.SAME)),
        new Case("convValidStride2", () -> conv(new int[] {9, 8, 2}, 3, 2, Padding.VALID)),
        new Case("convExplicitAsymmetric", () -> conv(new int[] {6, 5, 1}, 3, 2, asymmetric)),
        new Case("convNonSquareWindow", () -> model(new int[] {8, 7, 2},
            new Conv2D(3, new Window(3, 2, 2, 1, Padding.SAME), Activation.LINEAR),
            new Flatten(), new Dense(4))),
        new Case("maxPoolSame3x3Stride2", () -> pool(true, 3, 2, Padding.SAME)),
        new Case("maxPoolValid", () -> pool(true, 2, 2, Padding.VALID)),
        new Case("maxPoolExplicit", () -> pool(true, 3, 2, poolAsymmetric)),
        new Case("avgPoolSame3x3Stride2", () -> pool(false, 3, 2, Padding.SAME)),
        new Case("avgPoolSameStride1", () -> pool(false, 2, 1, Padding.SAME)),
        new Case("avgPoolValid", () -> pool(false, 3, 3, Padding.VALID)),
        new Case("avgPoolExplicit", () -> pool(false, 3, 2, poolAsymmetric)),
        new Case("locallyConnectedSame", () -> local(3, 1, Padding.SAME)),
        new Case("locallyConnectedValidStride2", () -> local(3, 2, Padding.VALID)),
        new Case("locallyConnectedExplicit", () -> local(2, 2, asymmetric)),
        new Case("reluDropoutDense", () -> model(new int[] {5, 3, 2},
            new Flatten(), new Dense(6, Activation.RELU), new Dropout(0.5f), new Dense(5),
            new ReLU(), new Dense(3))),
        new Case("reluLayerOnImage", () -> model(new int[] {5, 5, 2},
            new Conv2D(3, 3, 1, Padding.SAME, Activation.LINEAR), new ReLU(),
            new MaxPool2D(2, 2, Padding.SAME), new Flatten(), new Dense(4))),
        new Case("endsOnAnImage", () -> model(new int[] {5, 6, 2},
            new Conv2D(3, 3, 2, Padding.SAME, Activation.RELU))),
        new Case("activationLayers", () -> model(new int[] {5, 7, 3},
            new Conv2D(4, 3, 1, Padding.SAME, Activation.LINEAR),
            new ActivationLayer(Activation.TANH),
            new Conv2D(4, 3, 2, Padding.VALID, Activation.SIGMOID),
            new ActivationLayer(Activation.SOFTMAX), new Flatten(),
            new Dense(6, Activation.SIGMOID), new ActivationLayer(Activation.SOFTMAX),
            new Dense(5, Activation.TANH), new Dense(3, Activation.SOFTMAX))),
        new Case("globalAveragePooling", () -> model(new int[] {7, 5, 3},
            new Conv2D(6, 3, 2, Padding.SAME, Activation.RELU), new GlobalAveragePooling2D(),
            new Dense(4))),
        new Case("globalMaxPooling", () -> model(new int[] {6, 9, 2},
            new Conv2D(5, 3, 1, Padding.VALID, Activation.LINEAR), new GlobalMaxPooling2D(),
            new Dense(4), new ActivationLayer(Activation.SOFTMAX))),
        new Case("batchNormalization", () -> model(new int[] {6, 5, 3},
            new Conv2D(4, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization(), new ReLU(), new MaxPool2D(2, 2, Padding.SAME),
            new Conv2D(3, 2, 1, Padding.VALID, Activation.LINEAR),
            new BatchNormalization(-1, 0.9, 1e-3, false, true), new Flatten(),
            new Dense(5), new BatchNormalization(-1, 0.99, 1e-5, true, false), new Dense(3))),
        // Given names, among them the graph's own input and output names and ONNX op names: every
        // node and initializer name is the layer's name and a '/', so none can meet them.
        new Case("namedLayers", () -> model(new int[] {6, 6, 2},
            new Conv2D(3, 3, 1, Padding.SAME, Activation.LINEAR).named("input"),
            new BatchNormalization().named("Conv"), new ReLU().named("logits"),
            new MaxPool2D(2, 2, Padding.SAME).named("features.0-pool"), new Flatten(),
            new Dense(4).named("head"))),
        new Case("noBiases", () -> model(new int[] {7, 6, 2},
            new Conv2D(3, 3, 1, Padding.SAME, Activation.RELU).withUseBias(false),
            new LocallyConnected2D(2, 3, 2, Padding.VALID, Activation.LINEAR).withUseBias(false),
            new Flatten(), new Dense(4).withUseBias(false))));
  }

  static Sequential conv(int[] input, int kernel, int stride, Padding padding) {
    return model(input, new Conv2D(5, kernel, stride, padding, Activation.RELU), new Flatten(),
        new Dense(4));
  }

  static Sequential pool(boolean max, int size, int stride, Padding padding) {
    return model(new int[] {7, 9, 3},
        max ? new MaxPool2D(size, stride, padding) : new AvgPool2D(size, stride, padding),
        new Flatten(), new Dense(4));
  }

  static Sequential local(int kernel, int stride, Padding padding) {
    return model(new int[] {7, 6, 2},
        new LocallyConnected2D(3, kernel, stride, padding, Activation.RELU), new Flatten(),
        new Dense(4));
  }

  static Sequential model(int[] input, org.convnet4j.nn.Layer... layers) {
    return withRandomBiases(new Sequential(input, 3, layers));
  }

  /**
   * Biases and batch normalization's offsets and statistics start at zeros and ones; give them
   * values so a misplaced one changes the output.
   */
  static Sequential withRandomBiases(Sequential model) {
    long seed = 100;
    for (var layer : model.layers()) {
      List<org.convnet4j.Variable> all = new java.util.ArrayList<>(layer.variables());
      if (layer instanceof BatchNormalization norm) {
        all.addAll(norm.nonTrainableVariables());
      }
      for (var v : all) {
        String n = v.name();
        if (n.endsWith("/bias") || n.endsWith("/beta") || n.endsWith("/moving_mean")) {
          v.assign(org.convnet4j.Tensor.randomNormal(seed++, 0f, 0.5f, v.shape()));
        } else if (n.endsWith("/gamma") || n.endsWith("/moving_variance")) {
          v.assign(org.convnet4j.Tensor.randomUniform(seed++, 0.5f, 2f, v.shape()));
        }
      }
    }
    return model;
  }
}
