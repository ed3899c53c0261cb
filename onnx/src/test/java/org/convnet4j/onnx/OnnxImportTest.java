package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.onnx.GraphBuilder.integer;
import static org.convnet4j.onnx.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.data.Dataset;
import org.convnet4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Import: convnet4j's own exports come back bit for bit; graphs in PyTorch's NCHW and tf2onnx's
 * NHWC styles give ONNX Runtime's outputs on the same file; what cannot be honoured is a one-line
 * error naming the node, its op and the attribute.
 */
class OnnxImportTest {

  static final List<ExportModels.Case> ROUND_TRIPS = ExportModels.all();

  @ParameterizedTest(name = "{0}")
  @FieldSource("ROUND_TRIPS")
  void exportThenImportGivesTheSameBits(ExportModels.Case c) throws Exception {
    Sequential model = c.model().get();
    ImportedModel imported =
        OnnxImport.fromModel(OnnxExport.toModel(model, Dataset.MNIST.classNames()));
    Tensor input = OnnxExportRuntimeTest.randomInput(model, 3, 5);
    assertThat(imported.model().forward(input, false).toFloatArray())
        .isEqualTo(model.forward(input, false).toFloatArray());
    assertThat(imported.classNames()).isEqualTo(Dataset.MNIST.classNames());
    assertThat(imported.inputLayout()).isEqualTo(model.inputShape().length == 3 ? "NHWC" : "flat");
  }

  @Test
  void givenLayerNamesComeBack() throws Exception {
    Sequential model =
        ROUND_TRIPS.stream()
            .filter(c -> c.name().equals("namedLayers"))
            .findFirst()
            .orElseThrow()
            .model()
            .get();

    Sequential imported = OnnxImport.fromModel(OnnxExport.toModel(model, List.of())).model();

    assertThat(imported.layers().stream().map(l -> l.name()))
        .containsExactly("input", "Conv", "logits", "features.0-pool", "flatten_1", "head");
    assertThat(imported.specs()).isEqualTo(model.specs());
  }

  @Test
  void tutorialComesBackWithItsArchitecture() throws Exception {
    Sequential model = ExportModels.all().getFirst().model().get();
    Sequential imported = OnnxImport.fromModel(OnnxExport.toModel(model, List.of())).model();
    // Dropout is the identity at inference, so the export leaves it out.
    assertThat(imported.specs())
        .isEqualTo(model.specs().stream().filter(s -> !s.name().startsWith("dropout")).toList());
    for (int i = 0; i < imported.variables().size(); i++) {
      assertThat(imported.variables().get(i).value().toFloatArray())
          .isEqualTo(model.variables().get(i).value().toFloatArray());
    }
  }

  /**
   * PyTorch's style: NCHW input, a convolution with pads followed by a batch normalization, a Pad
   * then an AveragePool that counts the padded zeros, a max pooling, an NCHW Flatten and a Gemm with
   * transB=1, then Softmax.
   */
  @Test
  void pytorchStyleNchwGraphGivesRuntimeOutputs() throws Exception {
    GraphBuilder g = new GraphBuilder();
    SplittableRandom random = new SplittableRandom(3);
    String x = g.node("Conv", "conv", List.of("input", g.floats("w1", values(random, 4 * 2 * 3 * 3),
        4, 2, 3, 3), g.floats("b1", values(random, 4), 4)), ints("kernel_shape", 3, 3),
        ints("pads", 1, 1, 1, 1), ints("strides", 1, 1));
    x = g.node("BatchNormalization", "bn", List.of(x, g.floats("gamma", positive(random, 4), 4),
        g.floats("beta", values(random, 4), 4), g.floats("mean", values(random, 4), 4),
        g.floats("var", positive(random, 4), 4)), GraphBuilder.real("epsilon", 1e-5f));
    x = g.node("Relu", "relu", List.of(x));
    x = g.node("Pad", "pad", List.of(x, g.int64s("pads", 0, 0, 1, 1, 0, 0, 1, 1)),
        GraphBuilder.text("mode", "constant"));
    x = g.node("AveragePool", "avg", List.of(x), ints("kernel_shape", 2, 2),
        ints("strides", 2, 2), ints("pads", 0, 0, 0, 0));
    x = g.node("MaxPool", "max", List.of(x), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
    x = g.node("Flatten", "flatten", List.of(x), integer("axis", 1));
    x = g.node("Gemm", "fc", List.of(x, g.floats("wfc", values(random, 5 * 4 * 2 * 2), 5, 16),
        g.floats("bfc", values(random, 5), 5)), integer("transB", 1));
    g.node("Softmax", "softmax", List.of(x), integer("axis", 1));
    ModelProto onnx = model(g, "softmax", new long[] {-1, 2, 7, 9}, new long[] {-1, 5});

    ImportedModel imported = OnnxImport.fromModel(onnx);
    assertThat(imported.inputLayout()).isEqualTo("NCHW");
    assertThat(imported.notes()).hasSize(2); // the average as a convolution, the final softmax
    Tensor nhwc = Tensor.randomNormal(8, 0f, 1f, 3, 7, 9, 2);
    Tensor expected;
    try (OrtRunner runtime = new OrtRunner(onnx.toByteArray())) {
      expected = runtime.run(toNchw(nhwc));
    }
    Tensor logits = imported.model().forward(nhwc, false);
    assertThat(OrtRunner.relativeDifference(Ops.softmax(logits), expected)).isLessThan(1e-5);
  }

  /** tf2onnx's style: NHWC input, Transpose to NCHW, back to NHWC before Reshape, MatMul + Add. */
  @Test
  void tf2onnxStyleNhwcGraphGivesRuntimeOutputs() throws Exception {
    GraphBuilder g = new GraphBuilder();
    SplittableRandom random = new SplittableRandom(4);
    String x = g.node("Transpose", "to_nchw", List.of("input"), ints("perm", 0, 3, 1, 2));
    x = g.node("Conv", "conv", List.of(x, g.floats("w1", values(random, 3 * 1 * 5 * 5), 3, 1, 5, 5),
        g.floats("b1", values(random, 3), 3)), ints("kernel_shape", 5, 5), ints("strides", 2, 2),
        GraphBuilder.text("auto_pad", "SAME_UPPER"));
    x = g.node("Relu", "relu", List.of(x));
    x = g.node("MaxPool", "pool", List.of(x), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
        ints("pads", 0, 0, 1, 1));
    x = g.node("Transpose", "to_nhwc", List.of(x), ints("perm", 0, 2, 3, 1));
    x = g.node("Reshape", "flatten", List.of(x, g.int64s("shape", -1, 2 * 2 * 3)));
    x = g.node("MatMul", "dense", List.of(x, g.floats("w2", values(random, 12 * 4), 12, 4)));
    g.node("Add", "bias", List.of(x, g.floats("b2", values(random, 4), 4)));
    ModelProto onnx = model(g, "bias", new long[] {-1, 7, 7, 1}, new long[] {-1, 4});

    ImportedModel imported = OnnxImport.fromModel(onnx);
    assertThat(imported.inputLayout()).isEqualTo("NHWC");
    Tensor nhwc = Tensor.randomNormal(9, 0f, 1f, 2, 7, 7, 1);
    try (OrtRunner runtime = new OrtRunner(onnx.toByteArray())) {
      assertThat(OrtRunner.relativeDifference(imported.model().forward(nhwc, false),
          runtime.run(nhwc))).isLessThan(1e-5);
    }
  }

  @Test
  void unsupportedAttributeNamesNodeOpAndAttribute() {
    GraphBuilder g = new GraphBuilder();
    g.node("Conv", "conv", List.of("input", g.floats("w", new float[4 * 2 * 9], 4, 2, 3, 3)),
        ints("dilations", 2, 2));
    ModelProto onnx = model(g, "conv", new long[] {-1, 2, 8, 8}, new long[] {-1, 4, 4, 4});
    assertThatThrownBy(() -> OnnxImport.fromModel(onnx))
        .isInstanceOf(OnnxException.class)
        .hasMessage("node 'conv' (Conv): attribute 'dilations' is [2, 2]; convnet4j supports 1 only");
  }

  @Test
  void attributeOfTheWrongTypeNamesNodeAndAttribute() {
    GraphBuilder g = new GraphBuilder();
    g.node("Conv", "conv", List.of("input", g.floats("w", new float[4 * 2 * 9], 4, 2, 3, 3)),
        GraphBuilder.text("group", "1"));
    ModelProto onnx = model(g, "conv", new long[] {-1, 2, 8, 8}, new long[] {-1, 4, 6, 6});
    assertThatThrownBy(() -> OnnxImport.fromModel(onnx))
        .isInstanceOf(OnnxException.class)
        .hasMessage("node 'conv' (Conv): attribute 'group' must be an integer");
  }

  @Test
  void unsupportedOpIsNamed() {
    GraphBuilder g = new GraphBuilder();
    g.node("LRN", "norm", List.of("input"), integer("size", 3));
    ModelProto onnx = model(g, "norm", new long[] {-1, 2, 8, 8}, new long[] {-1, 2, 8, 8});
    assertThatThrownBy(() -> OnnxImport.fromModel(onnx))
        .isInstanceOf(OnnxException.class)
        .hasMessageStartingWith("node 'norm' (LRN): op LRN is not supported");
  }

  static ModelProto model(GraphBuilder nodes, String output, long[] in, long[] out) {
    nodes.renameLastOutput(output);
    GraphProto.Builder graph = GraphProto.newBuilder().setName("test")
        .addInput(info("input", in)).addOutput(info(output, out));
    nodes.addTo(graph);
    return ModelProto.newBuilder().setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build();
  }

  static ValueInfoProto info(String name, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))).build();
  }

  static float[] values(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }

  static float[] positive(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(0.5, 2);
    }
    return v;
  }

  static Tensor toNhwc(Tensor nchw) {
    int[] s = nchw.shape();
    return Tensor.of(
        Layouts.transpose(nchw.toFloatArray(), s, 0, 2, 3, 1), s[0], s[2], s[3], s[1]);
  }

  static Tensor toNchw(Tensor nhwc) {
    int[] s = nhwc.shape();
    return Tensor.of(
        Layouts.transpose(nhwc.toFloatArray(), s, 0, 3, 1, 2), s[0], s[3], s[1], s[2]);
  }
}
