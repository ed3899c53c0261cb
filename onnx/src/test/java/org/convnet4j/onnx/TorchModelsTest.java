package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch 1.13's {@code torch.onnx.export} (opset 13; {@code
 * onnx/scripts/make-torch-models.py} made them and PyTorch's outputs, in ONNX's TensorProto test
 * format): imported, they give PyTorch's outputs within 1e-4.
 */
class TorchModelsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"conv-padding", "avg-pool-pad", "batch-norm-folded", "flatten-gemm"})
  void importedModelGivesPytorchOutputs(String name, @TempDir Path dir) throws Exception {
    Path file = dir.resolve(name + ".onnx");
    Files.write(file, resource(name + ".onnx"));
    ImportedModel imported = OnnxImport.read(file);
    assertThat(imported.inputLayout()).isEqualTo("NCHW");

    Tensor input = tensor(name + ".input.pb");
    Tensor expected = tensor(name + ".output.pb");
    Tensor output = imported.model().forward(OnnxImportTest.toNhwc(input), false);
    ModelProto onnx = ModelProto.parseFrom(resource(name + ".onnx"));
    if (onnx.getGraph().getNode(onnx.getGraph().getNodeCount() - 1).getOpType().equals("Softmax")) {
      output = Ops.softmax(output); // the import leaves the final softmax out: it gives logits
    }
    assertThat(output.shape()).isEqualTo(expected.shape());
    float[] a = output.toFloatArray();
    float[] e = expected.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      assertThat((double) a[i]).as("%s output %d", name, i).isCloseTo(e[i],
          org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(e[i]))));
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = TorchModelsTest.class.getResourceAsStream("/torch/" + name)) {
      if (in == null) {
        throw new IOException("test resource torch/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  static Tensor tensor(String name) throws IOException {
    TensorProto t = TensorProto.parseFrom(resource(name));
    int[] shape = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
    return Tensor.of(Constants.floats(t, name), Arrays.copyOf(shape, shape.length));
  }
}
