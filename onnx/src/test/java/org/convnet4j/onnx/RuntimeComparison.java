package org.convnet4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.convnet4j.Tensor;
import org.convnet4j.Threads;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
import org.convnet4j.train.Checkpoint;

/**
 * A program, not a test: exports a run's model and runs it in ONNX Runtime on the whole test set,
 * next to convnet4j's own inference, on the same batches of 1,000 images and the same number of
 * threads. Prints how many predicted classes agree, the largest logit difference, and both
 * throughputs. Usage (see {@code onnx/scripts/compare-runtime.sh}): {@code RuntimeComparison RUN
 * [THREADS]}.
 */
public final class RuntimeComparison {

  private static final int BATCH = 1000;
  private static final int TIMED_PASSES = 3;

  private RuntimeComparison() {}

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime()
        .availableProcessors();
    Threads.set(threads);
    Checkpoint checkpoint = Checkpoint.load(run.resolve(Checkpoint.FILE_NAME));
    Sequential model = checkpoint.model();
    DataSets data =
        DatasetLoader.load(checkpoint.config().dataset(), checkpoint.config().dataDir());
    DataSplit test = data.test();
    byte[] onnx = OnnxExport.toModel(model, checkpoint.config().classNames()).toByteArray();

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      try (OrtSession session = env.createSession(onnx, options)) {
        Workspace workspace = new Workspace();
        int agree = 0;
        int ortCorrect = 0;
        int ownCorrect = 0;
        double largest = 0;
        double largestLogit = 0;
        for (int from = 0; from < test.size(); from += BATCH) {
          int to = Math.min(from + BATCH, test.size());
          Tensor images = test.batch(from, to).images();
          float[] own = model.predict(images, workspace).toFloatArray();
          float[] ort = runtime(env, session, images);
          int classes = own.length / (to - from);
          for (int i = 0; i < to - from; i++) {
            int a = argmax(own, i * classes, classes);
            int b = argmax(ort, i * classes, classes);
            agree += a == b ? 1 : 0;
            ownCorrect += a == test.labelOf(from + i) ? 1 : 0;
            ortCorrect += b == test.labelOf(from + i) ? 1 : 0;
          }
          for (int i = 0; i < own.length; i++) {
            largest = Math.max(largest, Math.abs((double) own[i] - ort[i]));
            largestLogit = Math.max(largestLogit, Math.abs(own[i]));
          }
        }
        System.out.printf(
            "%s: %,d test images, same predicted class on %,d; test accuracy convnet4j %d, ONNX"
                + " Runtime %d; largest logit difference %.3g (largest logit %.3g)%n",
            run, test.size(), agree, ownCorrect, ortCorrect, largest, largestLogit);

        Tensor batch = test.batch(0, BATCH).images();
        for (int round = 0; round < 2; round++) {
          long ortNanos = time(() -> runtime(env, session, batch));
          long ownNanos = time(() -> model.predict(batch, workspace));
          System.out.printf(
              "inference at batch %,d on %d threads: ONNX Runtime %,.0f images/s, convnet4j"
                  + " %,.0f images/s (round %d)%n",
              BATCH, threads, images(ortNanos), images(ownNanos), round + 1);
        }
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long time(Step step) throws Exception {
    step.run(); // warm-up
    step.run();
    long start = System.nanoTime();
    for (int i = 0; i < TIMED_PASSES; i++) {
      step.run();
    }
    return System.nanoTime() - start;
  }

  private static double images(long nanos) {
    return (double) BATCH * TIMED_PASSES / (nanos / 1e9);
  }

  private static float[] runtime(OrtEnvironment env, OrtSession session, Tensor images)
      throws Exception {
    long[] shape = Arrays.stream(images.shape()).asLongStream().toArray();
    try (OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(images.toFloatArray()), shape);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return values;
    }
  }

  private static int argmax(float[] values, int from, int count) {
    int best = 0;
    for (int i = 1; i < count; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
