package org.convnet4j.onnx;

import static org.convnet4j.onnx.NodeAttributes.describe;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
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
import org.convnet4j.nn.KernelLayer;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Window;
import org.convnet4j.tensor.AxisGeometry;

/**
 * Walks an ONNX graph from its input along the chain of nodes, turning them into layer drafts. It
 * keeps where convnet4j's axes are in the ONNX tensor at hand ({@code axes[i]} is the convnet4j
 * axis, 0 to 3 for n, h, w, c, that ONNX axis {@code i} holds), so that it knows when the tensor is
 * NCHW (what Conv and the pools need) and, at a flatten, which ONNX feature each NHWC feature is.
 */
final class GraphReader {

  private static final int[] NCHW = {0, 3, 1, 2};
  private static final int[] NHWC = {0, 1, 2, 3};
  /** Larger inputs are refused before anything is sized from them. */
  private static final long MAX_INPUT_ELEMENTS = 1L << 28;

  private final GraphProto graph;
  private final int opset;
  private final String producer;
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Set<String> outputs = new HashSet<>();
  private final List<Draft> drafts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  // The tensor at hand: an image (axes != null, with its h, w, c) or flat (features, order).
  private int[] axes;
  private int h;
  private int w;
  private int c;
  private int features;
  /**
   * For a flat tensor made from an image not in NHWC order: the ONNX strides of h, w and c (at 1,
   * 2, 3), which place convnet4j's feature (y, x, ch) in the ONNX features; null: the same order.
   */
  private int[] flatStrides;
  /** Zeros a Pad node added, [top, left, bottom, right], for the node after it. */
  private int[] pendingPads;
  private NodeProto padNode;
  private NodeProto previous;

  GraphReader(GraphProto graph, int opset, String producer) {
    this.graph = graph;
    this.opset = opset;
    this.producer = producer;
  }

  ImportedModel read(List<String> classNames) throws OnnxException {
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
        throw new OnnxException(
            "node '%s' (%s): has no output".formatted(node.getName(), node.getOpType()));
      }
      if (node.getOpType().equals("Constant")) {
        constants.put(node.getOutput(0), constantValue(node));
        continue;
      }
      for (String input : node.getInputList()) {
        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
      }
    }
    for (ValueInfoProto v : graph.getOutputList()) {
      outputs.add(v.getName());
    }
    if (outputs.size() != 1) {
      throw new OnnxException(
          "the graph has %d outputs; convnet4j imports models with one".formatted(outputs.size()));
    }
    ValueInfoProto input = graphInput();
    String layout = startFrom(input);
    int[] inputShape = axes == null ? new int[] {features} : new int[] {h, w, c};

    String x = input.getName();
    while (!outputs.contains(x)) {
      NodeProto node = next(x);
      previous = visit(node, x);
      x = previous.getOutput(0);
    }
    if (pendingPads != null) {
      throw new OnnxException(describe(padNode) + ": nothing after it takes its padding");
    }
    return new ImportedModel(build(inputShape), classNames, layout, notes);
  }

  // ---- the walk

  private ValueInfoProto graphInput() throws OnnxException {
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!constants.containsKey(v.getName())) {
        inputs.add(v);
      }
    }
    if (inputs.size() != 1) {
      throw new OnnxException(
          "the graph has %d inputs besides its weights; convnet4j imports models with one"
              .formatted(inputs.size()));
    }
    return inputs.getFirst();
  }

  /** Reads the input's shape and decides its layout; returns the layout's name. */
  private String startFrom(ValueInfoProto input) throws OnnxException {
    String what = "input '%s'".formatted(input.getName());
    if (!input.getType().hasTensorType()
        || input.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxException(what + ": expected a float32 tensor");
    }
    TensorShapeProto shape = input.getType().getTensorType().getShape();
    int rank = shape.getDimCount();
    if (rank != 4 && rank != 2) {
      throw new OnnxException(
          what + ": expected [batch, channels, h, w], [batch, h, w, channels] or [batch, features],"
              + " got rank " + rank);
    }
    int[] dims = new int[rank];
    long elements = 1;
    for (int i = 1; i < rank; i++) {
      TensorShapeProto.Dimension d = shape.getDim(i);
      if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > MAX_INPUT_ELEMENTS) {
        throw new OnnxException(
            "%s: dimension %d must be a fixed size, got %s"
                .formatted(what, i, d.hasDimValue() ? d.getDimValue() : "'" + d.getDimParam() + "'"));
      }
      dims[i] = (int) d.getDimValue();
      elements *= dims[i];
    }
    if (elements > MAX_INPUT_ELEMENTS) {
      throw new OnnxException("%s: %,d values an image, too many".formatted(what, elements));
    }
    if (rank == 2) {
      features = dims[1];
      return "flat";
    }
    if (!nchwInput(input.getName())) {
      axes = NHWC.clone();
      h = dims[1];
      w = dims[2];
      c = dims[3];
      return "NHWC";
    }
    axes = NCHW.clone();
    c = dims[1];
    h = dims[2];
    w = dims[3];
    return "NCHW";
  }

  /**
   * Whether the input is NCHW: a Conv, pooling, batch normalisation or Pad takes it as it is
   * (PyTorch), or PyTorch made a graph that flattens it straight away. Otherwise its axes are taken
   * as NHWC: a Transpose then says where they go (tf2onnx), or a Flatten takes them in the order
   * they come (convnet4j's dense-only models).
   */
  private boolean nchwInput(String input) {
    String x = input;
    for (int steps = 0; steps < graph.getNodeCount(); steps++) {
      List<NodeProto> takers = consumers.getOrDefault(x, List.of());
      if (takers.size() != 1 || takers.getFirst().getOutputCount() == 0) {
        break;
      }
      switch (takers.getFirst().getOpType()) {
        case "Identity", "Relu", "Dropout" -> x = takers.getFirst().getOutput(0);
        case "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "BatchNormalization", "Pad" -> {
          return true;
        }
        default -> {
          return producer.equals("pytorch");
        }
      }
    }
    return producer.equals("pytorch");
  }

  /** The one node that takes {@code x}; the graph must be a chain. */
  private NodeProto next(String x) throws OnnxException {
    List<NodeProto> takers = consumers.getOrDefault(x, List.of());
    if (takers.isEmpty()) {
      throw new OnnxException(
          "tensor '%s' feeds no node and is not the graph's output; the graph is not a chain"
              .formatted(x));
    }
    if (takers.size() > 1) {
      throw new OnnxException(
          "tensor '%s' feeds %d nodes (%s, ...); convnet4j imports chains of layers"
              .formatted(x, takers.size(), describe(takers.get(1))));
    }
    NodeProto node = takers.getFirst();
    if (node.getInputCount() == 0 || !node.getInput(0).equals(x)) {
      throw new OnnxException(
          "%s: takes '%s' as an input other than its first; convnet4j imports chains of layers"
              .formatted(describe(node), x));
    }
    for (int i = 1; i < node.getInputCount(); i++) {
      String in = node.getInput(i);
      if (!in.isEmpty() && !constants.containsKey(in)) {
        throw new OnnxException(
            "%s: input %d ('%s') is computed in the graph; convnet4j needs a constant there"
                .formatted(describe(node), i, in));
      }
    }
    return node;
  }

  /**
   * Turns one node (or a few, for a locally connected layer) into layer drafts (or none); returns
   * the last node it took, whose output is next on the chain.
   */
  private NodeProto visit(NodeProto node, String x) throws OnnxException {
    String op = node.getOpType();
    if (pendingPads != null && !op.equals("Conv") && !op.equals("AveragePool")) {
      throw new OnnxException(
          "%s: comes after %s; convnet4j takes a Pad only before a Conv or an AveragePool"
              .formatted(describe(node), describe(padNode)));
    }
    switch (op) {
      case "Conv" -> {
        NodeProto last = conv(node);
        if (last != node) {
          return last;
        }
      }
      case "BatchNormalization" -> batchNormalization(node);
      case "Relu" -> activation(node, Activation.RELU);
      case "Sigmoid" -> activation(node, Activation.SIGMOID);
      case "Tanh" -> activation(node, Activation.TANH);
      case "MaxPool", "AveragePool" -> pool(node);
      case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(node);
      case "Pad" -> pad(node);
      case "Transpose" -> transpose(node);
      case "Flatten" -> flatten(node);
      case "Reshape" -> reshape(node);
      case "Gemm" -> gemm(node);
      case "MatMul" -> matmul(node);
      case "Add" -> add(node);
      case "Softmax" -> softmax(node);
      case "Dropout" -> dropout(node);
      case "Identity" -> new NodeAttributes(node, Set.of());
      default ->
          throw new OnnxException(
              "%s: op %s is not supported (convnet4j imports Conv, Relu, MaxPool, AveragePool,"
                      .formatted(describe(node), op)
                  + " GlobalAveragePool, GlobalMaxPool, BatchNormalization, Pad, Gemm, MatMul,"
                  + " Add, Flatten, Reshape, Transpose, Softmax, Dropout, Identity, Constant)");
    }
    for (int i = 1; i < node.getOutputCount(); i++) {
      if (!node.getOutput(i).isEmpty() && consumers.containsKey(node.getOutput(i))) {
        throw new OnnxException(
            "%s: its output %d is used; convnet4j imports the first output only"
                .formatted(describe(node), i));
      }
    }
    return node;
  }

  // ---- ops

  /** A convolution; returns the last node taken (past {@code node} for a locally connected one). */
  private NodeProto conv(NodeProto node) throws OnnxException {
    NodeAttributes a =
        new NodeAttributes(
            node, Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"));
    requireNchw(node);
    TensorProto weights = constant(node, 1);
    long[] dims = Constants.dims(weights, describe(node) + " weights");
    if (dims.length != 4) {
      throw new OnnxException(
          "%s: expected 2-D convolution weights [cout, cin, kh, kw], got %s"
              .formatted(describe(node), Arrays.toString(dims)));
    }
    float[] filter = Constants.floats(weights, describe(node) + " weights");
    if (a.integer("group", 1) != 1) {
      throw a.error("group", "is %d; convnet4j has no grouped convolution".formatted(
          a.integer("group", 1)));
    }
    requireOnes(a, "dilations");
    if (dims[1] != c) {
      throw new OnnxException(
          "%s: weights expect %d input channels, the tensor has %d"
              .formatted(describe(node), dims[1], c));
    }
    int cout = checkedInt(dims[0], node);
    int kh = checkedInt(dims[2], node);
    int kw = checkedInt(dims[3], node);
    int[] kernel = a.ints("kernel_shape", 2, new int[] {kh, kw});
    if (kernel[0] != kh || kernel[1] != kw) {
      throw a.error("kernel_shape", "is %s but the weights are %dx%d".formatted(
          Arrays.toString(kernel), kh, kw));
    }
    Window window = window(node, a, kh, kw, pendingPads);
    pendingPads = null;
    float[] bias =
        node.getInputCount() > 2 && !node.getInput(2).isEmpty()
            ? Constants.floats(constant(node, 2), describe(node) + " bias")
            : null;
    if (bias != null && bias.length != cout) {
      throw new OnnxException(
          "%s: %d biases for %d filters".formatted(describe(node), bias.length, cout));
    }
    int[] out = outputSize(node, window);
    if (bias == null && copiesWindows(filter, cout, kh, kw)) {
      NodeProto last = locallyConnected(node, window, out);
      if (last != null) {
        return last;
      }
    }
    drafts.add(
        new Draft.Conv(node, cout, window, Activation.LINEAR,
            Layouts.oihwToHwio(filter, cout, c, kh, kw), bias));
    h = out[0];
    w = out[1];
    c = cout;
    return node;
  }

  /**
   * Whether {@code [cout, cin, kh, kw]} filters are the one-hot ones convnet4j's export of a
   * locally connected layer starts with: filter {@code (ky*kw + kx)*cin + ci} copies cell (ky, kx,
   * ci) of each window out.
   */
  private boolean copiesWindows(float[] filter, int cout, int kh, int kw) {
    if (cout != kh * kw * c) {
      return false;
    }
    for (int p = 0, i = 0; p < cout; p++) {
      for (int ci = 0; ci < c; ci++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++, i++) {
            float one = p == (ky * kw + kx) * c + ci ? 1f : 0f;
            if (filter[i] != one) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  /**
   * The rest of convnet4j's locally connected layer after its window-copying convolution: Reshape
   * to {@code [n, patch, positions]}, Transpose (2, 0, 1), MatMul with the kernel {@code
   * [positions, patch, filters]}, Transpose (1, 0, 2), an optional Add of the bias {@code
   * [positions, filters]}, Reshape to NHWC {@code [n, oh, ow, filters]}. Returns the last node, or
   * null if the nodes are not that (then the convolution is taken as it is).
   */
  private NodeProto locallyConnected(NodeProto patches, Window window, int[] out)
      throws OnnxException {
    int patch = window.height() * window.width() * c;
    int positions = out[0] * out[1];
    NodeProto rows = following(patches, "Reshape");
    NodeProto byPosition = following(rows, "Transpose");
    NodeProto product = following(byPosition, "MatMul");
    NodeProto byImage = following(product, "Transpose");
    NodeProto add = following(byImage, "Add");
    NodeProto output = following(add != null ? add : byImage, "Reshape");
    if (output == null
        || !shapeIs(rows, 0, patch, positions)
        || !Arrays.equals(permutation(byPosition, 3), new int[] {2, 0, 1})
        || !Arrays.equals(permutation(byImage, 3), new int[] {1, 0, 2})) {
      return null;
    }
    TensorProto kernel = constant(product, 1);
    long[] dims = Constants.dims(kernel, describe(product) + " B");
    if (dims.length != 3 || dims[0] != positions || dims[1] != patch) {
      return null;
    }
    int filters = checkedInt(dims[2], product);
    if (!shapeIs(output, 0, out[0], out[1], filters)) {
      return null;
    }
    float[] bias = null;
    if (add != null) {
      bias = Constants.floats(constant(add, 1), describe(add) + " bias");
      if (bias.length != positions * filters) {
        return null;
      }
    }
    drafts.add(new Draft.Local(patches, filters, window, Activation.LINEAR,
        Constants.floats(kernel, describe(product) + " B"), bias));
    axes = NHWC.clone();
    h = out[0];
    w = out[1];
    c = filters;
    return output;
  }

  /** The node after {@code node} on the chain if it is a {@code op}, else null. */
  private NodeProto following(NodeProto node, String op) {
    if (node == null) {
      return null;
    }
    List<NodeProto> takers = consumers.getOrDefault(node.getOutput(0), List.of());
    return takers.size() == 1 && takers.getFirst().getOpType().equals(op)
        && !outputs.contains(node.getOutput(0)) ? takers.getFirst() : null;
  }

  private boolean shapeIs(NodeProto reshape, long... shape) throws OnnxException {
    return reshape.getInputCount() == 2
        && constants.containsKey(reshape.getInput(1))
        && Arrays.equals(
            Constants.longs(constant(reshape, 1), describe(reshape) + " shape"), shape);
  }

  /**
   * Keras' batch normalization over the channels (axis 1 of NCHW, or the units of {@code [n, c]}),
   * with the file's moving statistics; PyTorch usually folds it into the convolution before it
   * when it exports, so it often never appears.
   */
  private void batchNormalization(NodeProto node) throws OnnxException {
    NodeAttributes a =
        new NodeAttributes(node, Set.of("epsilon", "momentum", "training_mode", "spatial"));
    if (a.integer("training_mode", 0) != 0) {
      throw a.error("training_mode", "is 1; convnet4j imports inference graphs");
    }
    if (a.integer("spatial", 1) != 1) {
      throw a.error("spatial", "is 0; convnet4j normalizes per channel");
    }
    if (axes != null) {
      requireNchw(node);
    }
    if (node.getInputCount() != 5) {
      throw new OnnxException(describe(node) + ": expected 5 inputs (X, scale, B, mean, var)");
    }
    float epsilon = a.real("epsilon", 1e-5f);
    float momentum = a.real("momentum", 0.9f);
    if (!(epsilon > 0) || !(momentum >= 0 && momentum <= 1)) {
      throw a.error(epsilon > 0 ? "momentum" : "epsilon", "is out of range");
    }
    int channels = axes != null ? c : features;
    float[][] p = new float[4][];
    String[] names = {"scale", "B", "mean", "var"};
    for (int i = 0; i < 4; i++) {
      p[i] = Constants.floats(constant(node, i + 1), describe(node) + " " + names[i]);
      if (p[i].length != channels) {
        throw new OnnxException(
            "%s: %s has %d values for %d channels"
                .formatted(describe(node), names[i], p[i].length, channels));
      }
    }
    drafts.add(new Draft.Norm(node, epsilon, momentum, p[0], p[1], p[2], p[3]));
  }

  /**
   * A Relu, Sigmoid or Tanh becomes the activation of the kernel layer before it (an elementwise
   * function commutes with the transposes and flattens in between), or a layer of its own.
   */
  private void activation(NodeProto node, Activation activation) throws OnnxException {
    new NodeAttributes(node, Set.of());
    if (!drafts.isEmpty() && drafts.getLast() instanceof Draft.Conv conv
        && conv.activation() == Activation.LINEAR) {
      drafts.set(drafts.size() - 1, new Draft.Conv(conv.node(), conv.filters(), conv.window(),
          activation, conv.kernel(), conv.bias()));
    } else if (!drafts.isEmpty() && drafts.getLast() instanceof Draft.Dense dense
        && dense.activation() == Activation.LINEAR) {
      drafts.set(drafts.size() - 1, new Draft.Dense(dense.node(), dense.units(), activation,
          dense.kernel(), dense.bias()));
    } else if (!drafts.isEmpty() && drafts.getLast() instanceof Draft.Local local
        && local.activation() == Activation.LINEAR) {
      drafts.set(drafts.size() - 1, new Draft.Local(local.node(), local.filters(),
          local.window(), activation, local.kernel(), local.bias()));
    } else {
      drafts.add(new Draft.Plain(node, activation == Activation.RELU
          ? new org.convnet4j.nn.ReLU() : new ActivationLayer(activation)));
    }
  }

  private void pool(NodeProto node) throws OnnxException {
    boolean max = node.getOpType().equals("MaxPool");
    NodeAttributes a =
        new NodeAttributes(
            node,
            max
                ? Set.of("kernel_shape", "strides", "pads", "auto_pad", "ceil_mode", "dilations",
                    "storage_order")
                : Set.of("kernel_shape", "strides", "pads", "auto_pad", "ceil_mode",
                    "count_include_pad"));
    requireNchw(node);
    if (a.integer("ceil_mode", 0) != 0) {
      throw a.error("ceil_mode", "is 1; convnet4j's output sizes round down (ceil_mode=0)");
    }
    if (max) {
      requireOnes(a, "dilations");
    }
    int[] kernel = a.ints("kernel_shape", 2, null);
    if (kernel == null) {
      throw a.error("kernel_shape", "is missing");
    }
    if (kernel[0] < 1 || kernel[1] < 1) {
      throw a.error("kernel_shape", "must be positive, got " + Arrays.toString(kernel));
    }
    boolean countPads = !max && a.integer("count_include_pad", 0) != 0;
    int[] padded = pendingPads;
    pendingPads = null;
    if (countPads || padded != null) {
      // Zeros that count in the average (PyTorch's Pad + AveragePool, or count_include_pad=1).
      int[] pads = sum(padded, a.ints("pads", 4, new int[4]));
      if (a.has("auto_pad") && !a.text("auto_pad", "NOTSET").equals("NOTSET")) {
        throw a.error("auto_pad", "cannot go with padding that counts in the average");
      }
      if (countPads || Arrays.stream(pads).anyMatch(p -> p != 0)) {
        averageCountingPads(node, a, kernel, pads);
        return;
      }
    }
    Window window = window(node, a, kernel[0], kernel[1], null);
    int[] out = outputSize(node, window);
    if (window.padding() instanceof Padding.Explicit e
        && (Math.max(e.top(), e.bottom()) >= kernel[0] || Math.max(e.left(), e.right()) >= kernel[1])) {
      throw a.error("pads", "are as large as the window; some windows would hold padding only");
    }
    drafts.add(new Draft.Plain(node, max ? new MaxPool2D(window) : new AvgPool2D(window)));
    h = out[0];
    w = out[1];
  }

  /**
   * An average whose padded zeros count, which convnet4j's average pooling (TensorFlow's, real
   * cells only) cannot express: written as the convolution that computes it, each channel's own
   * window weighted 1/(kh*kw), no bias. Further training would train those weights.
   */
  private void averageCountingPads(NodeProto node, NodeAttributes a, int[] kernel, int[] pads)
      throws OnnxException {
    int[] strides = a.ints("strides", 2, new int[] {1, 1});
    Window window = new Window(kernel[0], kernel[1], strides[0], strides[1],
        Padding.explicit(pads[0], pads[2], pads[1], pads[3]));
    int[] out = outputSize(node, window);
    if ((long) kernel[0] * kernel[1] * c * c > Constants.MAX_ELEMENTS) {
      throw new OnnxException(describe(node) + ": window too large");
    }
    float[] filter = new float[kernel[0] * kernel[1] * c * c];
    float weight = 1f / (kernel[0] * kernel[1]);
    for (int cell = 0; cell < kernel[0] * kernel[1]; cell++) {
      for (int ch = 0; ch < c; ch++) {
        filter[(cell * c + ch) * c + ch] = weight;
      }
    }
    drafts.add(new Draft.Conv(node, c, window, Activation.LINEAR, filter, null));
    notes.add(
        "%s counts padded zeros in its averages, which convnet4j's average pooling does not:"
                .formatted(describe(node))
            + " imported as the equivalent convolution (weights 1/%d on each channel's own window)"
                .formatted(kernel[0] * kernel[1]));
    h = out[0];
    w = out[1];
  }

  /** Keras' global pooling: {@code [n, c]}, which ONNX keeps as {@code [n, c, 1, 1]}. */
  private void globalPool(NodeProto node) throws OnnxException {
    new NodeAttributes(node, Set.of());
    requireNchw(node);
    drafts.add(
        new Draft.Plain(
            node,
            node.getOpType().equals("GlobalMaxPool")
                ? new GlobalMaxPooling2D()
                : new GlobalAveragePooling2D()));
    // Flat from here: a Flatten or Reshape after it changes nothing.
    features = c;
    flatStrides = null;
    axes = null;
  }

  private void pad(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("mode", "pads", "value"));
    requireImage(node);
    if (!a.text("mode", "constant").equals("constant")) {
      throw a.error("mode", "is '%s'; convnet4j pads with zeros (mode constant)".formatted(
          a.text("mode", "constant")));
    }
    long[] pads;
    double value;
    if (opset < 11) {
      pads = a.longs("pads");
      value = a.real("value", 0f);
    } else {
      if (node.getInputCount() < 2 || node.getInput(1).isEmpty()) {
        throw new OnnxException(describe(node) + ": its pads input is missing");
      }
      if (node.getInputCount() > 3) {
        throw new OnnxException(describe(node) + ": its axes input is not supported");
      }
      pads = Constants.longs(constant(node, 1), describe(node) + " pads");
      value =
          node.getInputCount() > 2 && !node.getInput(2).isEmpty()
              ? single(Constants.floats(constant(node, 2), describe(node) + " constant_value"),
                  node)
              : 0;
    }
    if (pads == null || pads.length != 8) {
      throw new OnnxException(
          "%s: expected 8 pads for a 4-D tensor, got %s".formatted(describe(node),
              pads == null ? "none" : Arrays.toString(pads)));
    }
    if (value != 0) {
      throw new OnnxException(
          "%s: pads with %s; convnet4j pads with zeros".formatted(describe(node), value));
    }
    int[] added = new int[4]; // top, left, bottom, right
    for (int i = 0; i < 4; i++) {
      for (int end = 0; end < 2; end++) {
        long p = pads[i + 4 * end];
        if (p < 0 || p > MAX_INPUT_ELEMENTS) {
          throw new OnnxException(
              "%s: pad %d is out of range; convnet4j pads, it does not crop".formatted(
                  describe(node), p));
        }
        int axis = axes[i];
        if (p != 0 && (axis == 0 || axis == 3)) {
          throw new OnnxException(
              "%s: pads the %s axis; convnet4j pads height and width only".formatted(
                  describe(node), axis == 0 ? "batch" : "channel"));
        }
        if (axis == 1) {
          added[end == 0 ? 0 : 2] = (int) p;
        } else if (axis == 2) {
          added[end == 0 ? 1 : 3] = (int) p;
        }
      }
    }
    pendingPads = sum(pendingPads, added);
    padNode = node;
  }

  private void transpose(NodeProto node) throws OnnxException {
    requireImage(node);
    int[] perm = permutation(node, 4);
    int[] moved = new int[4];
    for (int i = 0; i < 4; i++) {
      moved[i] = axes[perm[i]];
    }
    axes = moved;
  }

  private void flatten(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("axis"));
    if (a.integer("axis", 1) != 1) {
      throw a.error("axis", "is %d; convnet4j flattens everything but the batch (axis 1)"
          .formatted(a.integer("axis", 1)));
    }
    toFlat(node);
  }

  private void reshape(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("allowzero"));
    if (a.integer("allowzero", 0) != 0) {
      throw a.error("allowzero", "is 1; convnet4j reads Reshape's default (0)");
    }
    long[] shape = Constants.longs(constant(node, 1), describe(node) + " shape");
    long size = axes == null ? features : (long) h * w * c;
    boolean flattens =
        shape.length == 2
            && (shape[0] == -1 || shape[0] == 0 || shape[0] >= 1)
            && (shape[1] == size || (shape[1] == -1 && shape[0] != -1));
    if (!flattens) {
      throw new OnnxException(
          "%s: reshapes to %s; convnet4j reshapes only to [batch, %d] (a flatten)"
              .formatted(describe(node), Arrays.toString(shape), size));
    }
    toFlat(node);
  }

  private void toFlat(NodeProto node) throws OnnxException {
    if (axes == null) {
      return;
    }
    if (axes[0] != 0) {
      throw new OnnxException(
          describe(node) + ": flattens a tensor whose first axis is not the batch");
    }
    long size = (long) h * w * c;
    if (size > Integer.MAX_VALUE) {
      throw new OnnxException("%s: %,d features, too many".formatted(describe(node), size));
    }
    // ONNX's flat feature of (y, x, ch) is its position in the tensor's own axis order.
    int[] extent = {1, h, w, c};
    int[] stride = new int[4];
    int s = 1;
    for (int i = 3; i >= 1; i--) {
      stride[axes[i]] = s;
      s *= extent[axes[i]];
    }
    features = (int) size;
    flatStrides = stride[1] == w * c && stride[2] == c ? null : stride;
    drafts.add(new Draft.Plain(node, new Flatten()));
    axes = null;
  }

  private void gemm(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("alpha", "beta", "transA", "transB"));
    requireFlat(node);
    if (a.integer("transA", 0) != 0) {
      throw a.error("transA", "is 1; convnet4j's dense layers take [batch, features]");
    }
    boolean transB = a.integer("transB", 0) != 0;
    float alpha = a.real("alpha", 1f);
    float beta = a.real("beta", 1f);
    TensorProto b = constant(node, 1);
    long[] dims = Constants.dims(b, describe(node) + " B");
    if (dims.length != 2) {
      throw new OnnxException(describe(node) + ": expected 2-D weights, got " + Arrays.toString(dims));
    }
    int in = checkedInt(transB ? dims[1] : dims[0], node);
    int units = checkedInt(transB ? dims[0] : dims[1], node);
    float[] weights = Constants.floats(b, describe(node) + " B");
    float[] bias = null;
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = new float[units];
      float[] cValues = Constants.floats(constant(node, 2), describe(node) + " C");
      if (cValues.length != units && cValues.length != 1) {
        throw new OnnxException(
            "%s: C has %d values for %d units".formatted(describe(node), cValues.length, units));
      }
      for (int u = 0; u < units; u++) {
        bias[u] = beta * cValues[cValues.length == 1 ? 0 : u];
      }
    }
    dense(node, in, units, weights, transB, alpha, bias);
  }

  private void matmul(NodeProto node) throws OnnxException {
    new NodeAttributes(node, Set.of());
    requireFlat(node);
    TensorProto b = constant(node, 1);
    long[] dims = Constants.dims(b, describe(node) + " B");
    if (dims.length != 2) {
      throw new OnnxException(describe(node) + ": expected 2-D weights, got " + Arrays.toString(dims));
    }
    int in = checkedInt(dims[0], node);
    int units = checkedInt(dims[1], node);
    dense(node, in, units, Constants.floats(b, describe(node) + " B"), false, 1f, null);
  }

  /** The bias of the MatMul right before it, as tf2onnx and PyTorch write a dense layer. */
  private void add(NodeProto node) throws OnnxException {
    new NodeAttributes(node, Set.of());
    if (previous == null
        || !previous.getOpType().equals("MatMul")
        || node.getInputCount() != 2
        || !(drafts.getLast() instanceof Draft.Dense dense)) {
      throw new OnnxException(
          describe(node) + ": convnet4j takes an Add only as the bias right after a MatMul");
    }
    float[] bias = Constants.floats(constant(node, 1), describe(node) + " bias");
    if (bias.length != dense.units()) {
      throw new OnnxException(
          "%s: %d biases for %d units".formatted(describe(node), bias.length, dense.units()));
    }
    drafts.set(drafts.size() - 1,
        new Draft.Dense(dense.node(), dense.units(), dense.activation(), dense.kernel(), bias));
  }

  private void dense(NodeProto node, int in, int units, float[] weights, boolean transposed,
      float alpha, float[] bias) throws OnnxException {
    if (in != features) {
      throw new OnnxException(
          "%s: weights take %d features, the tensor has %d".formatted(describe(node), in,
              features));
    }
    float[] kernel = new float[in * units];
    for (int i = 0; i < in; i++) {
      int row = flatStrides == null ? i : onnxFeature(i);
      for (int u = 0; u < units; u++) {
        kernel[i * units + u] = alpha * weights[transposed ? u * in + row : row * units + u];
      }
    }
    drafts.add(new Draft.Dense(node, units, Activation.LINEAR, kernel, bias));
    features = units;
    flatStrides = null;
  }

  /** The ONNX feature of convnet4j's feature {@code i}, (y, x, ch) in NHWC order. */
  private int onnxFeature(int i) {
    int ch = i % c;
    int x = i / c % w;
    int y = i / c / w;
    return y * flatStrides[1] + x * flatStrides[2] + ch * flatStrides[3];
  }

  /**
   * A Softmax over the channels: left out at the end (the model gives logits, as {@link
   * Sequential#forward} does), an {@link ActivationLayer} elsewhere.
   */
  private void softmax(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("axis"));
    int rank = axes == null ? 2 : 4;
    long axis = a.integer("axis", opset < 13 ? 1 : -1);
    long onnxAxis = axis < 0 ? axis + rank : axis;
    boolean channels = axes == null ? onnxAxis == 1 : onnxAxis >= 0 && onnxAxis < 4
        && axes[(int) onnxAxis] == 3 && (opset >= 13 || onnxAxis == 3);
    if (!channels) {
      throw a.error("axis", "is %d; convnet4j takes a softmax over the channels".formatted(axis));
    }
    if (outputs.contains(node.getOutput(0))) {
      notes.add("the final %s left out: the model gives logits".formatted(describe(node)));
    } else {
      drafts.add(new Draft.Plain(node, new ActivationLayer(Activation.SOFTMAX)));
    }
  }

  private void dropout(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("ratio", "seed", "is_test"));
    double ratio = a.real("ratio", 0.5f);
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      long[] training = Constants.longs(constant(node, 2), describe(node) + " training_mode");
      if (training.length == 1 && training[0] != 0) {
        throw new OnnxException(describe(node) + ": training_mode is true; convnet4j imports"
            + " inference graphs");
      }
    }
    if (node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
      ratio = single(Constants.floats(constant(node, 1), describe(node) + " ratio"), node);
    }
    if (ratio > 0 && ratio < 1) {
      drafts.add(new Draft.Plain(node, new Dropout((float) (1 - ratio))));
    }
  }

  // ---- helpers

  private Window window(NodeProto node, NodeAttributes a, int kh, int kw, int[] before)
      throws OnnxException {
    int[] strides = a.ints("strides", 2, new int[] {1, 1});
    if (strides[0] < 1 || strides[1] < 1) {
      throw a.error("strides", "must be positive, got " + Arrays.toString(strides));
    }
    String autoPad = a.text("auto_pad", "NOTSET");
    int[] pads = a.ints("pads", 4, new int[4]);
    for (int p : pads) {
      if (p < 0) {
        throw a.error("pads", "must not be negative, got " + Arrays.toString(pads));
      }
    }
    switch (autoPad) {
      case "NOTSET" -> pads = sum(before, pads);
      case "VALID" -> pads = sum(before, new int[4]);
      case "SAME_UPPER", "SAME_LOWER" -> {
        if (before != null) {
          throw a.error("auto_pad", "cannot go with a Pad before the node");
        }
        AxisGeometry y = AxisGeometry.same(h, kh, strides[0]);
        AxisGeometry x = AxisGeometry.same(w, kw, strides[1]);
        boolean upper = autoPad.equals("SAME_UPPER");
        pads = upper
            ? new int[] {y.padBefore(), x.padBefore(), y.padAfter(), x.padAfter()}
            : new int[] {y.padAfter(), x.padAfter(), y.padBefore(), x.padBefore()};
      }
      default -> throw a.error("auto_pad", "is '%s'; expected NOTSET, VALID, SAME_UPPER or"
          .formatted(autoPad) + " SAME_LOWER");
    }
    return new Window(kh, kw, strides[0], strides[1], padding(kh, kw, strides, pads));
  }

  /** The padding convnet4j names: SAME where it matches, VALID for none, explicit otherwise. */
  private Padding padding(int kh, int kw, int[] strides, int[] pads) {
    AxisGeometry y = AxisGeometry.same(h, kh, strides[0]);
    AxisGeometry x = AxisGeometry.same(w, kw, strides[1]);
    if (Arrays.equals(pads,
        new int[] {y.padBefore(), x.padBefore(), y.padAfter(), x.padAfter()})) {
      return Padding.SAME;
    }
    if (Arrays.stream(pads).allMatch(p -> p == 0) && kh <= h && kw <= w) {
      return Padding.VALID;
    }
    return Padding.explicit(pads[0], pads[2], pads[1], pads[3]);
  }

  private int[] outputSize(NodeProto node, Window window) throws OnnxException {
    try {
      AxisGeometry y = window.padding().height(h, window.height(), window.strideHeight());
      AxisGeometry x = window.padding().width(w, window.width(), window.strideWidth());
      return new int[] {y.out(), x.out()};
    } catch (IllegalArgumentException e) {
      throw new OnnxException(describe(node) + ": " + e.getMessage(), e);
    }
  }

  private static int[] sum(int[] a, int[] b) {
    if (a == null) {
      return b;
    }
    int[] s = new int[4];
    for (int i = 0; i < 4; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  private static void requireOnes(NodeAttributes a, String name) throws OnnxException {
    int[] values = a.ints(name, 2, new int[] {1, 1});
    if (values[0] != 1 || values[1] != 1) {
      throw a.error(name, "is %s; convnet4j supports 1 only".formatted(Arrays.toString(values)));
    }
  }

  private int[] permutation(NodeProto node, int rank) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("perm"));
    int[] reversed = new int[rank];
    for (int i = 0; i < rank; i++) {
      reversed[i] = rank - 1 - i;
    }
    int[] perm = a.ints("perm", rank, reversed);
    boolean[] seen = new boolean[rank];
    for (int p : perm) {
      if (p < 0 || p >= rank || seen[p]) {
        throw a.error("perm", "is not a permutation of 0 to %d: %s".formatted(rank - 1,
            Arrays.toString(perm)));
      }
      seen[p] = true;
    }
    return perm;
  }

  private void requireImage(NodeProto node) throws OnnxException {
    if (axes == null) {
      throw new OnnxException(describe(node) + ": expected an image [n, c, h, w], got a flat tensor");
    }
  }

  private void requireNchw(NodeProto node) throws OnnxException {
    requireImage(node);
    if (!Arrays.equals(axes, NCHW)) {
      throw new OnnxException(
          describe(node) + ": its input is not NCHW (a Transpose is missing or misplaced)");
    }
  }

  private void requireFlat(NodeProto node) throws OnnxException {
    if (axes != null) {
      throw new OnnxException(
          describe(node) + ": expected a flat tensor [n, features]; add a Flatten before it");
    }
  }

  private TensorProto constant(NodeProto node, int input) throws OnnxException {
    if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
      throw new OnnxException("%s: input %d is missing".formatted(describe(node), input));
    }
    TensorProto t = constants.get(node.getInput(input));
    if (t == null) {
      throw new OnnxException(
          "%s: input %d ('%s') is not a constant".formatted(describe(node), input,
              node.getInput(input)));
    }
    return t;
  }

  private static TensorProto constantValue(NodeProto node) throws OnnxException {
    NodeAttributes a = new NodeAttributes(node, Set.of("value"));
    AttributeProto value = a.raw("value");
    if (value == null || !value.hasT() || node.getOutputCount() != 1) {
      throw a.error("value", "is missing; convnet4j reads Constant nodes holding a tensor");
    }
    return value.getT();
  }

  private static float single(float[] values, NodeProto node) throws OnnxException {
    if (values.length != 1) {
      throw new OnnxException(describe(node) + ": expected one value, got " + values.length);
    }
    return values[0];
  }

  private static int checkedInt(long d, NodeProto node) throws OnnxException {
    if (d < 1 || d > Integer.MAX_VALUE) {
      throw new OnnxException("%s: dimension %d is out of range".formatted(describe(node), d));
    }
    return (int) d;
  }

  // ---- the model

  private Sequential build(int[] inputShape) throws OnnxException {
    List<Layer> layers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Draft d : drafts) {
      Layer layer;
      try {
        layer = d.layer();
      } catch (IllegalArgumentException e) {
        throw new OnnxException(describe(d.node()) + ": " + e.getMessage(), e);
      }
      String name = layerName(d.node());
      if (name != null && names.add(name)) {
        layer.named(name);
      }
      layers.add(layer);
    }
    if (layers.isEmpty()) {
      throw new OnnxException("the graph computes nothing convnet4j keeps (no layers)");
    }
    Sequential model;
    try {
      model = new Sequential(inputShape, 0, layers);
    } catch (IllegalArgumentException e) {
      throw new OnnxException("the layers do not fit together: " + e.getMessage(), e);
    }
    for (int i = 0; i < drafts.size(); i++) {
      if (drafts.get(i) instanceof Draft.Weighted weighted && layers.get(i) instanceof KernelLayer k) {
        assign(k.kernel(), weighted.kernel(), weighted.node());
        if (weighted.bias() != null) {
          assign(k.bias(), weighted.bias(), weighted.node());
        }
      } else if (drafts.get(i) instanceof Draft.Norm n
          && layers.get(i) instanceof BatchNormalization norm) {
        assign(norm.gamma(), n.gamma(), n.node());
        assign(norm.beta(), n.beta(), n.node());
        assign(norm.movingMean(), n.mean(), n.node());
        assign(norm.movingVariance(), n.variance(), n.node());
      }
    }
    return model;
  }

  // convnet4j's export names each node after its layer ("conv/Conv"), which gives the layer back
  // its name; other names (PyTorch's "/features/features.0/Conv", none at all) leave the default.
  private static String layerName(NodeProto node) {
    String n = node.getName();
    int slash = n.indexOf('/');
    if (slash < 1 || slash != n.lastIndexOf('/')) {
      return null;
    }
    String name = n.substring(0, slash);
    return Layer.nameProblem(name) == null ? name : null;
  }

  private static void assign(Variable v, float[] values, NodeProto node) throws OnnxException {
    if (v.size() != values.length) {
      throw new OnnxException(
          "%s: %d weights for %s, which holds %d".formatted(describe(node), values.length,
              v.name(), v.size()));
    }
    v.assign(Tensor.of(values, v.shape()));
  }

  /** A layer to be, with the node it came from and its weights in convnet4j's layout. */
  private sealed interface Draft {
    NodeProto node();

    Layer layer();

    sealed interface Weighted extends Draft {
      float[] kernel();

      /** Null for a layer without a bias. */
      float[] bias();
    }

    record Conv(NodeProto node, int filters, Window window, Activation activation, float[] kernel,
        float[] bias) implements Weighted {
      @Override
      public Layer layer() {
        return new Conv2D(filters, window, activation).withUseBias(bias != null);
      }
    }

    record Local(NodeProto node, int filters, Window window, Activation activation,
        float[] kernel, float[] bias) implements Weighted {
      @Override
      public Layer layer() {
        return new LocallyConnected2D(filters, window, activation).withUseBias(bias != null);
      }
    }

    record Dense(NodeProto node, int units, Activation activation, float[] kernel, float[] bias)
        implements Weighted {
      @Override
      public Layer layer() {
        return new org.convnet4j.nn.Dense(units, activation).withUseBias(bias != null);
      }
    }

    record Norm(NodeProto node, float epsilon, float momentum, float[] gamma, float[] beta,
        float[] mean, float[] variance) implements Draft {
      @Override
      public Layer layer() {
        // the float attributes as the decimals they were written from: 0.001, not 0.0010000000474
        return new BatchNormalization(-1, Double.parseDouble(Float.toString(momentum)),
            Double.parseDouble(Float.toString(epsilon)), true, true);
      }
    }

    record Plain(NodeProto node, Layer layer) implements Draft {}
  }
}
