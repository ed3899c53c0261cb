package org.convnet4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the nodes and initializers of an ONNX graph as the exporter walks the layers. Names are
 * the layer's name and what the node does ({@code conv2d_1/Conv}), so a runtime's error about a
 * node points back at the layer.
 */
final class GraphBuilder {

  private final List<NodeProto.Builder> nodes = new ArrayList<>();
  private final List<TensorProto> initializers = new ArrayList<>();

  /**
   * Adds a node with one output, named {@code name} like the node.
   *
   * @return the output's name
   */
  String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
    NodeProto.Builder node =
        NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name);
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    nodes.add(node);
    return name;
  }

  /** Adds a float initializer, stored as little-endian raw data. */
  String floats(String name, float[] data, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    initializers.add(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllDims(boxed(dims))
            .setRawData(ByteString.copyFrom(bytes.array()))
            .build());
    return name;
  }

  /** Adds a 1-D int64 initializer, such as the target shape of a Reshape. */
  String int64s(String name, long... values) {
    initializers.add(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length)
            .addAllInt64Data(boxed(values))
            .build());
    return name;
  }

  /**
   * Renames the graph's last output to {@code name}: the model's output gets its documented name
   * whatever node makes it.
   */
  void renameLastOutput(String name) {
    nodes.getLast().setOutput(0, name);
  }

  boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** Puts the nodes, in order, and the initializers into {@code graph}. */
  void addTo(GraphProto.Builder graph) {
    for (NodeProto.Builder node : nodes) {
      graph.addNode(node);
    }
    graph.addAllInitializer(initializers);
  }

  static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.INTS)
        .addAllInts(boxed(values))
        .build();
  }

  static AttributeProto ints(String name, int... values) {
    long[] wide = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return ints(name, wide);
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto text(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
        .build();
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
