package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.TensorProto;
import org.junit.jupiter.api.Test;

/** Integer constants, such as a Reshape's shape, in each of the fields ONNX allows them in. */
class ConstantsTest {

  @Test
  void int64AndInt32FieldsGiveTheSameValues() throws Exception {
    TensorProto int64 =
        TensorProto.newBuilder()
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(3)
            .addInt64Data(2)
            .addInt64Data(-1)
            .addInt64Data(1L << 40)
            .build();
    TensorProto int32 =
        TensorProto.newBuilder()
            .setDataType(TensorProto.DataType.INT32_VALUE)
            .addDims(2)
            .addInt32Data(2)
            .addInt32Data(-1)
            .build();

    assertThat(Constants.longs(int64, "shape")).containsExactly(2, -1, 1L << 40);
    assertThat(Constants.longs(int32, "shape")).containsExactly(2, -1);
  }

  @Test
  void aFieldHoldingFewerValuesThanDeclaredIsNamed() {
    TensorProto shortInt32 =
        TensorProto.newBuilder()
            .setDataType(TensorProto.DataType.INT32_VALUE)
            .addDims(2)
            .addInt32Data(5)
            .build();

    assertThatThrownBy(() -> Constants.longs(shortInt32, "node 'r' (Reshape) shape"))
        .isInstanceOf(OnnxException.class)
        .hasMessage("node 'r' (Reshape) shape: declares 2 integers but holds 1");
  }
}
