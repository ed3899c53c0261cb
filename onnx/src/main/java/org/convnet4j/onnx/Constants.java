package org.convnet4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads the numbers of a constant tensor (an initializer or a Constant node's value), checking the
 * declared size against the data the file holds before anything is allocated, so a damaged file
 * that declares a billion elements is an error, not an out-of-memory.
 */
final class Constants {

  /** Larger constants are refused: convnet4j's weights are Java arrays of at most 2^31 - 1. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private Constants() {}

  /** The tensor's dimensions, each checked to be non-negative. */
  static long[] dims(TensorProto t, String what) throws OnnxException {
    long[] dims = new long[t.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getDims(i);
      if (dims[i] < 0) {
        throw new OnnxException("%s: dimension %d is negative (%d)".formatted(what, i, dims[i]));
      }
    }
    return dims;
  }

  /** The number of elements the dimensions declare, checked against {@link #MAX_ELEMENTS}. */
  static int elementCount(long[] dims, String what) throws OnnxException {
    long n = 1;
    for (long d : dims) {
      if (d != 0 && n > MAX_ELEMENTS / d) {
        throw new OnnxException("%s: declares more than %,d elements".formatted(what, MAX_ELEMENTS));
      }
      n *= d;
    }
    return (int) n;
  }

  /** The values of a float tensor, from raw little-endian data or the float_data field. */
  static float[] floats(TensorProto t, String what) throws OnnxException {
    checkInline(t, what);
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxException(
          "%s: expected float32 data, got data type %d".formatted(what, t.getDataType()));
    }
    int n = elementCount(dims(t, what), what);
    if (t.hasRawData()) {
      long bytes = t.getRawData().size();
      if (bytes != (long) n * Float.BYTES) {
        throw new OnnxException(
            "%s: declares %,d floats (%,d bytes) but holds %,d bytes"
                .formatted(what, n, (long) n * Float.BYTES, bytes));
      }
      float[] values = new float[n];
      t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
          .get(values);
      return values;
    }
    if (t.getFloatDataCount() != n) {
      throw new OnnxException(
          "%s: declares %,d floats but holds %,d".formatted(what, n, t.getFloatDataCount()));
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = t.getFloatData(i);
    }
    return values;
  }

  /** The values of an int64 (or int32) tensor, such as a Reshape's shape or a Pad's pads. */
  static long[] longs(TensorProto t, String what) throws OnnxException {
    checkInline(t, what);
    int n = elementCount(dims(t, what), what);
    int type = t.getDataType();
    if (type == TensorProto.DataType.INT64_VALUE) {
      if (t.hasRawData()) {
        requireBytes(t, n, Long.BYTES, what);
        long[] values = new long[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().get(values);
        return values;
      }
      return integers(t.getInt64DataList(), n, what);
    }
    if (type == TensorProto.DataType.INT32_VALUE) {
      if (t.hasRawData()) {
        requireBytes(t, n, Integer.BYTES, what);
        long[] values = new long[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          values[i] = raw.getInt();
        }
        return values;
      }
      return integers(t.getInt32DataList(), n, what);
    }
    throw new OnnxException("%s: expected int64 data, got data type %d".formatted(what, type));
  }

  /** The int64_data or int32_data field, which must hold the {@code n} values declared. */
  private static long[] integers(List<? extends Number> field, int n, String what)
      throws OnnxException {
    if (field.size() != n) {
      throw new OnnxException(
          "%s: declares %,d integers but holds %,d".formatted(what, n, field.size()));
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = field.get(i).longValue();
    }
    return values;
  }

  private static void requireBytes(TensorProto t, int n, int width, String what)
      throws OnnxException {
    long bytes = t.getRawData().size();
    if (bytes != (long) n * width) {
      throw new OnnxException(
          "%s: declares %,d values (%,d bytes) but holds %,d bytes"
              .formatted(what, n, (long) n * width, bytes));
    }
  }

  private static void checkInline(TensorProto t, String what) throws OnnxException {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new OnnxException(
          what + ": weights in external data files are not supported; save the model as one file");
    }
  }
}
