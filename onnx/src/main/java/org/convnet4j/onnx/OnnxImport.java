package org.convnet4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the CNNs other frameworks export to ONNX into a {@link Sequential} model: NCHW graphs from
 * PyTorch's {@code torch.onnx.export}, NHWC graphs from tf2onnx (a Transpose to NCHW first), and
 * convnet4j's own exports. The graph must be a chain of Conv, Relu, Sigmoid, Tanh, MaxPool,
 * AveragePool, GlobalAveragePool, GlobalMaxPool, BatchNormalization,
 * Pad (constant zeros, before a Conv or an AveragePool), Gemm, MatMul with Add, Flatten, Reshape
 * (to {@code [batch, features]}), Transpose, Softmax (over the channels; a last one is left out,
 * the model gives logits),
 * Dropout, Identity and Constant nodes. Filters are moved from ONNX's {@code [cout, cin, kh, kw]}
 * to {@code [kh, kw, cin, cout]}, and the rows of a dense layer after an NCHW flatten are
 * reordered to NHWC's flatten order, so the model takes NHWC images and gives the file's outputs.
 * A node named as convnet4j's export names them, {@code layer/Op}, gives its layer that name back
 * (the first such node of a name); other layers get the default names.
 *
 * <pre>{@code
 * ImportedModel imported = OnnxImport.read(Path.of("lenet.onnx"));
 * Tensor logits = imported.model().forward(nhwcImages, false);
 * }</pre>
 */
public final class OnnxImport {

  /** Files larger than this are refused before they are read (Java arrays end at 2 GB). */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private OnnxImport() {}

  /**
   * Reads an ONNX file.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws OnnxException if it is not an ONNX model, is damaged or truncated, or holds an op or
   *     attribute convnet4j cannot honour; the one-line message names the file and the node
   */
  public static ImportedModel read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new OnnxException(
          "%s: %,d bytes; convnet4j reads ONNX files up to 2 GB".formatted(file, size));
    }
    byte[] bytes = Files.readAllBytes(file);
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxException(
          "%s: not an ONNX model, or damaged or truncated (%s)"
              .formatted(file, oneLine(e.getMessage())),
          e);
    }
    try {
      return fromModel(model);
    } catch (OnnxException e) {
      throw new OnnxException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Converts a parsed ONNX model.
   *
   * @throws OnnxException if the model holds an op or attribute convnet4j cannot honour, or is
   *     inconsistent
   */
  public static ImportedModel fromModel(ModelProto model) throws OnnxException {
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxException("not an ONNX model, or damaged: it holds no graph nodes");
    }
    if (model.getIrVersion() < 3) {
      throw new OnnxException(
          "IR version %d; convnet4j reads IR version 3 and later".formatted(model.getIrVersion()));
    }
    long opset = -1;
    for (var set : model.getOpsetImportList()) {
      if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
        opset = set.getVersion();
      }
    }
    if (opset < 7 || opset > 21) {
      throw new OnnxException(
          opset < 0
              ? "the model imports no default ONNX operator set"
              : "opset %d; convnet4j reads opsets 7 to 21".formatted(opset));
    }
    GraphReader reader = new GraphReader(model.getGraph(), (int) opset, model.getProducerName());
    return reader.read(classNames(model));
  }

  private static List<String> classNames(ModelProto model) {
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      if (e.getKey().equals(OnnxExport.CLASS_NAMES) && !e.getValue().isEmpty()) {
        return Arrays.asList(e.getValue().split("\n", -1));
      }
    }
    return List.of();
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
