package org.convnet4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.convnet4j.Tensor;

/** Runs an ONNX model in ONNX Runtime on one input tensor, the oracle of the export tests. */
final class OrtRunner implements AutoCloseable {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OrtRunner(byte[] model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      session = ENV.createSession(model, options);
    }
  }

  /** The model's first output for {@code input} fed as {@link OnnxExport#INPUT}. */
  Tensor run(Tensor input) throws OrtException {
    long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
    try (OnnxTensor in =
            OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input.toFloatArray()), shape);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, in))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer data = out.getFloatBuffer();
      float[] values = new float[data.remaining()];
      data.get(values);
      int[] outShape = Arrays.stream(out.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
      return Tensor.of(values, outShape);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /**
   * The largest difference between {@code actual} and {@code expected}, relative to the largest
   * magnitude in {@code expected} (so values near zero are not held to a tighter bound than the
   * sums that made them).
   */
  static double relativeDifference(Tensor actual, Tensor expected) {
    if (!Arrays.equals(actual.shape(), expected.shape())) {
      throw new AssertionError(
          "shapes differ: %s against %s"
              .formatted(Arrays.toString(actual.shape()), Arrays.toString(expected.shape())));
    }
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      worst = Math.max(worst, Math.abs((double) a[i] - e[i]));
    }
    return scale == 0 ? worst : worst / scale;
  }
}
