package org.convnet4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node's attributes, read by name with defaults; an attribute the importer does not know for the
 * op, or a value it cannot honour, is an error naming the node, the op and the attribute.
 */
final class NodeAttributes {

  private final NodeProto node;
  private final Map<String, AttributeProto> byName = new HashMap<>();

  /**
   * @param known the attributes the importer reads for this op; any other is an error
   */
  NodeAttributes(NodeProto node, Set<String> known) throws OnnxException {
    this.node = node;
    for (AttributeProto a : node.getAttributeList()) {
      if (!known.contains(a.getName())) {
        throw error(a.getName(), "is not supported");
      }
      byName.put(a.getName(), a);
    }
  }

  /** {@code node 'conv1' (Conv)}, how messages name a node. */
  static String describe(NodeProto node) {
    return "node '%s' (%s)".formatted(node.getName().isEmpty() ? node.getOutput(0) : node.getName(),
        node.getOpType());
  }

  OnnxException error(String attribute, String problem) {
    return new OnnxException(
        "%s: attribute '%s' %s".formatted(describe(node), attribute, problem));
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long integer(String name, long fallback) throws OnnxException {
    AttributeProto a = ofType(name, AttributeType.INT, "must be an integer");
    return a == null ? fallback : a.getI();
  }

  float real(String name, float fallback) throws OnnxException {
    AttributeProto a = ofType(name, AttributeType.FLOAT, "must be a float");
    return a == null ? fallback : a.getF();
  }

  String text(String name, String fallback) throws OnnxException {
    AttributeProto a = ofType(name, AttributeType.STRING, "must be a string");
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  /** An ints attribute of exactly {@code count} values, or {@code fallback} when absent. */
  int[] ints(String name, int count, int[] fallback) throws OnnxException {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return fallback;
    }
    if (a.getType() != AttributeType.INTS || a.getIntsCount() != count) {
      throw error(name, "must be %d integers, got %s".formatted(count, a.getIntsList()));
    }
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      long v = a.getInts(i);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(name, "holds %d, out of range".formatted(v));
      }
      values[i] = (int) v;
    }
    return values;
  }

  /** The ints of an attribute with any number of values, or null when absent. */
  long[] longs(String name) throws OnnxException {
    AttributeProto a = ofType(name, AttributeType.INTS, "must be a list of integers");
    return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The attribute, or null when absent; present with another type, it is {@code problem}. */
  private AttributeProto ofType(String name, AttributeType type, String problem)
      throws OnnxException {
    AttributeProto a = byName.get(name);
    if (a != null && a.getType() != type) {
      throw error(name, problem);
    }
    return a;
  }

  AttributeProto raw(String name) {
    return byName.get(name);
  }
}
