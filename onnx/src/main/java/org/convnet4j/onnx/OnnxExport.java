package org.convnet4j.onnx;

import static org.convnet4j.onnx.GraphBuilder.integer;
import static org.convnet4j.onnx.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.ActivationLayer;
import org.convnet4j.nn.AvgPool2D;
import org.convnet4j.nn.BatchNormalization;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Dropout;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.GlobalMaxPooling2D;
import org.convnet4j.nn.GlobalPooling2D;
import org.convnet4j.nn.KernelLayer;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.ReLU;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Window;
import org.convnet4j.tensor.AxisGeometry;

/**
 * Writes a {@link Sequential} model as an ONNX model (IR version {@value #IR_VERSION}, opset
 * {@value #OPSET}) that computes what {@code model.forward(input, false)} computes, with
 * TensorFlow's semantics kept: each convolution's and pooling's padding written as explicit {@code
 * pads} from the layer's {@link AxisGeometry} (SAME's odd cell at the bottom and right), average
 * pooling with {@code count_include_pad=0}, max pooling that ignores padded cells, the NHWC
 * flatten order before a dense layer, batch normalization with its moving statistics, dropout
 * left out.
 *
 * <p>The graph's input, {@value #INPUT}, is NHWC float {@code [batch, h, w, c]} with a dynamic
 * batch, fed exactly what the model is fed (MNIST pixels scaled to [0, 1]); it is transposed to
 * ONNX's NCHW inside the graph, and back to NHWC before a {@code Flatten}. The output, {@value
 * #OUTPUT}, is the last layer's output {@code [batch, classes]}: the logits. The class names go
 * into the model's metadata under {@value #CLASS_NAMES}, one per line.
 *
 * <pre>{@code
 * OnnxExport.write(model, Dataset.MNIST.classNames(), Path.of("model.onnx"));
 * }</pre>
 */
public final class OnnxExport {

  /** The ONNX IR version written. */
  public static final int IR_VERSION = 8;

  /** The version of the default ONNX operator set the graph uses. */
  public static final int OPSET = 13;

  /** The graph input's name: NHWC images {@code [batch, h, w, c]}. */
  public static final String INPUT = "input";

  /** The graph output's name: the logits {@code [batch, classes]}. */
  public static final String OUTPUT = "logits";

  /** The metadata key of the class names, one per line in class order. */
  public static final String CLASS_NAMES = "class_names";

  private static final int[] TO_NCHW = {0, 3, 1, 2};
  private static final int[] TO_NHWC = {0, 2, 3, 1};

  private OnnxExport() {}

  /**
   * Writes {@code model} to {@code file} atomically (a temporary file renamed into place).
   *
   * @param classNames the output classes' names, in order; empty to leave them out
   * @throws IllegalArgumentException if a layer cannot be exported (the message names it)
   */
  public static void write(Sequential model, List<String> classNames, Path file)
      throws IOException {
    AtomicFiles.write(file, toModel(model, classNames).toByteArray());
  }

  /**
   * The ONNX model of {@code model}.
   *
   * @param classNames the output classes' names, in order; empty to leave them out
   * @throws IllegalArgumentException if a layer cannot be exported (the message names it)
   */
  public static ModelProto toModel(Sequential model, List<String> classNames) {
    GraphBuilder graph = new GraphBuilder();
    Writer writer = new Writer(graph, model.inputShape().length == 3 ? Layout.NHWC : Layout.OTHER);
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      writer.add(layers.get(i), i == layers.size() - 1);
    }
    writer.finish();
    if (graph.isEmpty()) {
      // Only layers without a node (dropout): the output is still a node's.
      graph.node("Identity", "identity", List.of(writer.x));
    }
    graph.renameLastOutput(OUTPUT);

    GraphProto.Builder g =
        GraphProto.newBuilder()
            .setName("convnet4j")
            .addInput(valueInfo(INPUT, model.inputShape()))
            .addOutput(valueInfo(OUTPUT, model.outputShape()));
    graph.addTo(g);
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("convnet4j")
            .setProducerVersion(producerVersion())
            .setDocString(
                "Input '%s': NHWC float [batch, %s], scaled as the model was trained (MNIST"
                        .formatted(INPUT, shapeText(model.inputShape()))
                    + " pixels / 255). Output '%s': the logits.".formatted(OUTPUT))
            .setGraph(g);
    if (!classNames.isEmpty()) {
      m.addMetadataProps(
          StringStringEntryProto.newBuilder()
              .setKey(CLASS_NAMES)
              .setValue(String.join("\n", classNames)));
    }
    return m.build();
  }

  /** Where the tensor being written stands: NHWC as convnet4j has it, NCHW as ONNX wants it. */
  private enum Layout {
    NHWC,
    NCHW,
    /** Flat, or of a rank no spatial layer takes. */
    OTHER
  }

  /** Walks the layers, keeping the current tensor's name and layout. */
  private static final class Writer {
    private final GraphBuilder graph;
    private String x = INPUT;
    private Layout layout;

    Writer(GraphBuilder graph, Layout layout) {
      this.graph = graph;
      this.layout = layout;
    }

    /**
     * Writes one layer; the last one's softmax is left out, as {@link Sequential#forward} leaves it
     * to the loss, so the output is the logits.
     */
    void add(Layer layer, boolean last) {
      String name = layer.name();
      switch (layer) {
        case Conv2D conv -> {
          toLayout(Layout.NCHW, name);
          Window w = conv.window();
          int[] in = conv.inputShape();
          x =
              graph.node(
                  "Conv",
                  name + "/Conv",
                  withBias(
                      conv,
                      x,
                      graph.floats(
                          name + "/kernel",
                          Layouts.hwioToOihw(conv.kernel().value()),
                          conv.filters(),
                          in[2],
                          w.height(),
                          w.width())),
                  convolution(w, in));
          activation(conv.activation(), name, last);
        }
        case LocallyConnected2D local -> addLocallyConnected(local, last);
        case MaxPool2D pool -> {
          toLayout(Layout.NCHW, name);
          Window w = pool.window();
          // ONNX's MaxPool pads with -inf, so padded cells never win, as in TensorFlow.
          x =
              graph.node(
                  "MaxPool",
                  name + "/MaxPool",
                  List.of(x),
                  window(w, pool.inputShape()));
        }
        case AvgPool2D pool -> {
          toLayout(Layout.NCHW, name);
          Window w = pool.window();
          x =
              graph.node(
                  "AveragePool",
                  name + "/AveragePool",
                  List.of(x),
                  window(w, pool.inputShape(), integer("count_include_pad", 0)));
        }
        case Flatten flatten -> {
          // Flattened NHWC, convnet4j's (and TensorFlow's) order, which the dense rows expect.
          toLayout(Layout.NHWC, name);
          x = graph.node("Flatten", name + "/Flatten", List.of(x), integer("axis", 1));
          layout = Layout.OTHER;
        }
        case Dense dense -> {
          int in = dense.inputShape()[0];
          int units = dense.outputShape()[0];
          x =
              graph.node(
                  "Gemm",
                  name + "/Gemm",
                  withBias(
                      dense,
                      x,
                      graph.floats(
                          name + "/kernel", dense.kernel().value().toFloatArray(), in, units)));
          activation(dense.activation(), name, last);
        }
        case ReLU relu -> x = graph.node("Relu", name + "/Relu", List.of(x));
        case BatchNormalization norm -> addBatchNormalization(norm);
        case ActivationLayer a -> activation(a.activation(), name, last);
        case GlobalPooling2D pool -> {
          toLayout(Layout.NCHW, name);
          String op = pool instanceof GlobalMaxPooling2D ? "GlobalMaxPool" : "GlobalAveragePool";
          // [n, c, 1, 1] to Keras' [n, c]
          String pooled = graph.node(op, name + "/" + op, List.of(x));
          x = graph.node("Flatten", name + "/Flatten", List.of(pooled), integer("axis", 1));
          layout = Layout.OTHER;
        }
        case Dropout dropout -> {
          // The identity at inference: nothing to write.
        }
        default ->
            throw new IllegalArgumentException(
                "%s: ONNX export does not know layer type %s"
                    .formatted(name, layer.type().displayName()));
      }
    }

    /**
     * A locally connected layer in standard ops: a convolution whose one-hot filters copy every
     * window's cells out (im2col: channel {@code (ky*kw + kx)*cin + ci} holds cell (ky, kx, ci), so
     * its sums add one product of 1 and zeros), then a batched MatMul with each position's own
     * kernel, Keras' {@code [oh*ow, kh*kw*cin, filters]}, then the bias {@code [oh, ow, filters]}.
     */
    private void addLocallyConnected(LocallyConnected2D local, boolean last) {
      String name = local.name();
      toLayout(Layout.NCHW, name);
      Window w = local.window();
      int[] in = local.inputShape();
      int[] out = local.outputShape();
      int cin = in[2];
      int kh = w.height();
      int kw = w.width();
      int patch = kh * kw * cin;
      int positions = out[0] * out[1];
      int filters = out[2];
      float[] extract = new float[patch * cin * kh * kw];
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          for (int ci = 0; ci < cin; ci++) {
            int p = (ky * kw + kx) * cin + ci;
            extract[((p * cin + ci) * kh + ky) * kw + kx] = 1f;
          }
        }
      }
      String patches =
          graph.node(
              "Conv",
              name + "/Patches",
              List.of(x, graph.floats(name + "/patch_filters", extract, patch, cin, kh, kw)),
              convolution(w, in));
      String rows =
          graph.node(
              "Reshape",
              name + "/PatchRows",
              List.of(patches, graph.int64s(name + "/patch_rows_shape", 0, patch, positions)));
      String byPosition =
          graph.node("Transpose", name + "/ByPosition", List.of(rows), ints("perm", 2, 0, 1));
      String products =
          graph.node(
              "MatMul",
              name + "/MatMul",
              List.of(
                  byPosition,
                  graph.floats(
                      name + "/kernel", local.kernel().value().toFloatArray(), positions, patch,
                      filters)));
      String byImage =
          graph.node("Transpose", name + "/ByImage", List.of(products), ints("perm", 1, 0, 2));
      String biased =
          local.bias() == null
              ? byImage
              : graph.node(
                  "Add",
                  name + "/BiasAdd",
                  List.of(
                      byImage,
                      graph.floats(
                          name + "/bias", local.bias().value().toFloatArray(), positions,
                          filters)));
      x =
          graph.node(
              "Reshape",
              name + "/Output",
              List.of(biased, graph.int64s(name + "/output_shape", 0, out[0], out[1], filters)));
      layout = Layout.NHWC;
      activation(local.activation(), name, last);
    }

    /** A model that ends on an image gives it back NHWC, as it was fed. */
    void finish() {
      toLayout(Layout.NHWC, "output");
    }

    /**
     * Keras' batch normalization in inference: ONNX's BatchNormalization over axis 1, the channels
     * of NCHW or the units of {@code [n, c]}; a missing gamma or beta is ones or zeros.
     */
    private void addBatchNormalization(BatchNormalization norm) {
      String name = norm.name();
      if (layout == Layout.NHWC) {
        toLayout(Layout.NCHW, name);
      }
      int[] shape = norm.inputShape();
      int c = shape[shape.length - 1];
      float[] ones = new float[c];
      java.util.Arrays.fill(ones, 1f);
      x =
          graph.node(
              "BatchNormalization",
              name + "/BatchNormalization",
              List.of(
                  x,
                  graph.floats(name + "/gamma",
                      norm.gamma() == null ? ones : norm.gamma().value().toFloatArray(), c),
                  graph.floats(name + "/beta",
                      norm.beta() == null ? new float[c] : norm.beta().value().toFloatArray(), c),
                  graph.floats(name + "/moving_mean", norm.movingMean().value().toFloatArray(), c),
                  graph.floats(
                      name + "/moving_variance", norm.movingVariance().value().toFloatArray(), c)),
              GraphBuilder.real("epsilon", (float) norm.epsilon()),
              GraphBuilder.real("momentum", (float) norm.momentum()));
    }

    /** The inputs of a Conv or Gemm: x, the kernel, and the bias if the layer has one. */
    private List<String> withBias(KernelLayer layer, String input, String kernel) {
      if (layer.bias() == null) {
        return List.of(input, kernel);
      }
      int[] shape = layer.bias().shape();
      return List.of(
          input,
          kernel,
          graph.floats(layer.name() + "/bias", layer.bias().value().toFloatArray(), shape[0]));
    }

    private void activation(Activation activation, String name, boolean last) {
      switch (activation) {
        case LINEAR -> {}
        case RELU -> x = graph.node("Relu", name + "/Relu", List.of(x));
        case SIGMOID -> x = graph.node("Sigmoid", name + "/Sigmoid", List.of(x));
        case TANH -> x = graph.node("Tanh", name + "/Tanh", List.of(x));
        case SOFTMAX -> {
          if (!last) {
            // over the channels: axis 1 of NCHW, the last axis otherwise
            x =
                graph.node(
                    "Softmax",
                    name + "/Softmax",
                    List.of(x),
                    integer("axis", layout == Layout.NCHW ? 1 : -1));
          }
        }
      }
    }

    /** Transposes the current image to {@code wanted} unless it is there already. */
    private void toLayout(Layout wanted, String name) {
      if (layout == wanted) {
        return;
      }
      if (layout == Layout.OTHER) {
        if (wanted == Layout.NHWC) {
          return; // flat or any rank: already in convnet4j's order
        }
        throw new IllegalArgumentException(
            name + ": ONNX export needs an image input [h, w, c] for this layer");
      }
      x =
          graph.node(
              "Transpose",
              name + (wanted == Layout.NCHW ? "/ToNCHW" : "/ToNHWC"),
              List.of(x),
              ints("perm", wanted == Layout.NCHW ? TO_NCHW : TO_NHWC));
      layout = wanted;
    }
  }

  /**
   * A Conv's, MaxPool's or AveragePool's {@code kernel_shape}, {@code strides} and {@code pads} for
   * window {@code w} over an input of {@code inputShape} ({@code [h, w, c]}), then {@code more}.
   */
  private static AttributeProto[] window(Window w, int[] inputShape, AttributeProto... more) {
    return Stream.concat(
            Stream.of(
                ints("kernel_shape", w.height(), w.width()),
                ints("strides", w.strideHeight(), w.strideWidth()),
                ints("pads", pads(w, inputShape))),
            Arrays.stream(more))
        .toArray(AttributeProto[]::new);
  }

  /** {@link #window} for a Conv, with the dilation and group count convnet4j convolves with. */
  private static AttributeProto[] convolution(Window w, int[] inputShape) {
    return window(w, inputShape, ints("dilations", 1, 1), integer("group", 1));
  }

  /** ONNX's {@code pads} {@code [top, left, bottom, right]} from TensorFlow's padding rules. */
  static int[] pads(Window w, int[] inputShape) {
    Padding p = w.padding();
    AxisGeometry y = p.height(inputShape[0], w.height(), w.strideHeight());
    AxisGeometry x = p.width(inputShape[1], w.width(), w.strideWidth());
    return new int[] {y.padBefore(), x.padBefore(), y.padAfter(), x.padAfter()};
  }

  private static ValueInfoProto valueInfo(String name, int[] exampleShape) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (int d : exampleShape) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private static String shapeText(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.toString();
  }

  private static String producerVersion() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
