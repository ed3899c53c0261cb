package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.function.UnaryOperator;
import org.convnet4j.Tensor;
import org.convnet4j.data.Dataset;
import org.convnet4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every exported model, run in ONNX Runtime, gives convnet4j's outputs within 1e-5 of the largest
 * output (the order of the sums differs, so not bit for bit); negative controls show the comparison
 * catches a wrong flatten order and a wrong pooling count.
 */
class OnnxExportRuntimeTest {

  static final double TOLERANCE = 1e-5;
  static final List<ExportModels.Case> CASES = ExportModels.all();

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void runtimeGivesConvnet4jOutputs(ExportModels.Case c) throws Exception {
    Sequential model = c.model().get();
    ModelProto onnx = OnnxExport.toModel(model, List.of());
    assertThat(difference(model, onnx)).isLessThan(TOLERANCE);
  }

  @Test
  void wrongFlattenOrderIsCaught() throws Exception {
    Sequential model = ExportModels.all().getFirst().model().get();
    // Flattening the NCHW tensor: the dense rows then meet the wrong features.
    ModelProto wrong =
        edit(
            OnnxExport.toModel(model, List.of()),
            nodes -> {
              int transpose = indexOf(nodes, "flatten_1/ToNHWC");
              String before = nodes.get(transpose).getInput(0);
              nodes.set(transpose + 1, nodes.get(transpose + 1).toBuilder().setInput(0, before)
                  .build());
              nodes.remove(transpose);
              return nodes;
            });
    assertThat(difference(model, wrong)).isGreaterThan(1e-2);
  }

  @Test
  void wrongPoolingCountIsCaught() throws Exception {
    Sequential model = ExportModels.pool(false, 3, 2, org.convnet4j.Padding.SAME);
    // Dividing by the whole window, padded cells included, as count_include_pad=1 does.
    ModelProto wrong =
        edit(
            OnnxExport.toModel(model, List.of()),
            nodes -> {
              int pool = indexOf(nodes, "avg_pool2d_1/AveragePool");
              NodeProto.Builder node = nodes.get(pool).toBuilder();
              for (int i = 0; i < node.getAttributeCount(); i++) {
                if (node.getAttribute(i).getName().equals("count_include_pad")) {
                  node.setAttribute(i, AttributeProto.newBuilder(node.getAttribute(i)).setI(1));
                }
              }
              nodes.set(pool, node.build());
              return nodes;
            });
    assertThat(difference(model, wrong)).isGreaterThan(1e-3);
  }

  @Test
  void outputIsNamedAndClassNamesAreInTheMetadata() {
    ModelProto onnx =
        OnnxExport.toModel(ExportModels.all().getFirst().model().get(),
            Dataset.FASHION_MNIST.classNames());
    assertThat(onnx.getIrVersion()).isEqualTo(8);
    assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(13);
    assertThat(onnx.getGraph().getInput(0).getName()).isEqualTo("input");
    assertThat(onnx.getGraph().getOutput(0).getName()).isEqualTo("logits");
    assertThat(onnx.getMetadataProps(0).getKey()).isEqualTo("class_names");
    assertThat(onnx.getMetadataProps(0).getValue().split("\n"))
        .containsExactlyElementsOf(Dataset.FASHION_MNIST.classNames());
  }

  /** The relative difference between convnet4j and ONNX Runtime on a random batch of 3. */
  static double difference(Sequential model, ModelProto onnx) throws Exception {
    Tensor input = randomInput(model, 3, 17);
    Tensor expected = model.forward(input, false);
    try (OrtRunner runtime = new OrtRunner(onnx.toByteArray())) {
      return OrtRunner.relativeDifference(runtime.run(input), expected);
    }
  }

  static Tensor randomInput(Sequential model, int batch, long seed) {
    int[] example = model.inputShape();
    int[] shape = new int[example.length + 1];
    shape[0] = batch;
    System.arraycopy(example, 0, shape, 1, example.length);
    return Tensor.randomNormal(seed, 0f, 1f, shape);
  }

  static int indexOf(List<NodeProto> nodes, String name) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).getName().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no node " + name);
  }

  static ModelProto edit(ModelProto model, UnaryOperator<List<NodeProto>> change) {
    List<NodeProto> nodes = change.apply(new java.util.ArrayList<>(model.getGraph().getNodeList()));
    GraphProto graph = model.getGraph().toBuilder().clearNode().addAllNode(nodes).build();
    return model.toBuilder().setGraph(graph).build();
  }
}
