package org.convnet4j.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.convnet4j.Tensor;
import org.convnet4j.Threads;
import org.convnet4j.cli.report.Table;
import org.convnet4j.cli.report.TextTable;
import org.convnet4j.data.Batch;
import org.convnet4j.internal.ResidentMemory;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.nn.Models;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
import org.convnet4j.optim.Adam;
import org.convnet4j.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convnet4j bench}: how fast the tutorial network trains and infers here, on synthetic data
 * (speed does not depend on the pixels), with per-layer figures and a GEMM figure. The last line is
 * one JSON object, for scripts comparing runs.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Times the tutorial network on synthetic data: training images/s at --batch (steady state,"
          + " after warm-up), inference images/s at batch 1000, median single-image latency,"
          + " each layer's forward and backward milliseconds and GFLOP/s (layers that run fused"
          + " as one op timed together), the loss's and the optimizer's, and a 1024x1024x1024"
          + " GEMM, then the process's peak resident memory. The last line is one JSON object.",
      "With --model-file: the same figures for that network, on synthetic data of its input"
          + " shape.",
      "Run nothing else on the machine meanwhile; compare with other programs in the same sitting."
    })
final class BenchCommand implements Callable<Integer> {

  private static final int INFERENCE_BATCH = 1000;
  private static final int LATENCY_RUNS = 200;
  private static final int GEMM_SIZE = 1024;
  private static final float LEARNING_RATE = 1e-3f;

  // Untimed calls before each figure: the JIT compiles the Vector API kernels within a second or
  // two, and until then they run orders of magnitude slower.
  private static final long WARMUP_MILLIS = 1000;

  @Spec private CommandSpec spec;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads to compute on (default: every core).")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Training batch size (default: ${DEFAULT-VALUE}).")
  private int batch = 128;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Timed training steps (default: ${DEFAULT-VALUE}).")
  private int steps = 30;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Untimed training steps first, for the JIT (default: ${DEFAULT-VALUE}).")
  private int warmup = 100;

  @Option(
      names = "--model-file",
      paramLabel = "FILE",
      description = "A Keras model file (or a run folder, for its model.json) to time instead of"
          + " the tutorial network.")
  private Path modelFile;

  @Override
  public Integer call() throws IOException {
    requireAtLeast("--threads", threads, 1);
    requireAtLeast("--batch", batch, 1);
    requireAtLeast("--steps", steps, 1);
    requireAtLeast("--warmup", warmup, 0);
    Sequential model = modelFile != null ? ModelJson.read(modelFile).build(1) : Models.tutorial(1);
    int[] outputShape = model.outputShape();
    if (outputShape.length != 1) {
      throw new IllegalArgumentException(
          "bench --model-file: %s puts out %s; bench trains a classifier, whose last layer puts"
              .formatted(modelFile, Arrays.toString(outputShape))
              + " out one logit per class");
    }
    Threads.set(threads);
    PrintWriter out = spec.commandLine().getOut();
    String kernels = Kernels.active().getClass().getSimpleName();
    int alignment = Integer.parseInt(vmOption("ObjectAlignmentInBytes"));
    boolean hugePages = Boolean.parseBoolean(vmOption("UseTransparentHugePages"));
    out.printf(
        "convnet4j bench: %s, %s, %d thread%s, objects aligned to %d bytes, %s,"
            + " synthetic data%n",
        modelFile != null
            ? "%s (input %s)"
                .formatted(
                    modelFile,
                    Arrays.stream(model.inputShape())
                        .mapToObj(Integer::toString)
                        .collect(Collectors.joining("x")))
            : "tutorial network",
        kernels,
        threads,
        threads == 1 ? "" : "s",
        alignment,
        hugePages ? "transparent huge pages" : "no huge pages");
    out.flush();

    SplittableRandom random = new SplittableRandom(1);
    Training training = train(model, random);
    out.printf(
        Locale.ROOT,
        "training, batch %d:     %,.0f images/s (median step %.1f ms of %d, after %d warm-up;"
            + " %,.1f MB allocated per step)%n",
        batch,
        training.imagesPerSecond(),
        training.medianStepMillis(),
        steps,
        warmup,
        training.bytesPerStep() / 1e6);
    out.flush();

    Tensor thousand = images(random, INFERENCE_BATCH, model.inputShape());
    Workspace workspace = new Workspace();
    double inferenceMillis =
        Stopwatch.medianMillis(WARMUP_MILLIS, 5, () -> model.predict(thousand, workspace));
    double inferencePerSecond = INFERENCE_BATCH / inferenceMillis * 1e3;
    out.printf(
        Locale.ROOT,
        "inference, batch %d:  %,.0f images/s (median %.1f ms per batch)%n",
        INFERENCE_BATCH,
        inferencePerSecond,
        inferenceMillis);
    Tensor one = images(random, 1, model.inputShape());
    double latency =
        Stopwatch.medianMillis(WARMUP_MILLIS, LATENCY_RUNS, () -> model.predict(one, workspace));
    out.printf(
        Locale.ROOT, "latency, 1 image:       %.2f ms (median of %d)%n", latency, LATENCY_RUNS);
    out.flush();

    List<LayerTimings.Timing> layers =
        new LayerTimings(model, new Adam(LEARNING_RATE), batch).measure();
    printLayerTimings(out, layers, training.medianStepMillis());

    double gemmGflops = gemmGflops();
    out.printf(Locale.ROOT, "%nGEMM %d^3: %.1f GFLOP/s%n", GEMM_SIZE, gemmGflops);
    // The whole bench's high-water mark (VmHWM): training, inference and the GEMM's operands.
    OptionalDouble peak = ResidentMemory.peakMegabytes();
    out.println(
        peak.isPresent()
            ? String.format(Locale.ROOT, "peak resident memory: %,.0f MB", peak.getAsDouble())
            : "peak resident memory: unknown (no /proc/self/status)");
    out.printf(
        Locale.ROOT,
        "{\"train_images_per_sec\": %.1f, \"inference_images_per_sec\": %.1f,"
            + " \"latency_ms_median\": %.3f, \"gemm_gflops\": %.1f, \"threads\": %d,"
            + " \"batch\": %d, \"kernels\": \"%s\", \"bytes_allocated_per_step\": %d,"
            + " \"object_alignment_bytes\": %d, \"transparent_huge_pages\": %b, \"model\": \"%s\","
            + " \"layers\": [%s],"
            + " \"peak_rss_mb\": %s}%n",
        training.imagesPerSecond(),
        inferencePerSecond,
        latency,
        gemmGflops,
        threads,
        batch,
        kernels,
        training.bytesPerStep(),
        alignment,
        hugePages,
        modelFile == null ? "tutorial" : jsonSafe(modelFile.toString()),
        layers.stream().map(LayerTimings.Timing::json).collect(Collectors.joining(", ")),
        peak.isPresent() ? String.format(Locale.ROOT, "%.1f", peak.getAsDouble()) : "null");
    out.flush();
    return 0;
  }

  // A file name inside the JSON line's quotes: no backslash or quote to escape.
  private static String jsonSafe(String name) {
    return name.replace('\\', '/').replace('"', '\'');
  }

  private void printLayerTimings(
      PrintWriter out, List<LayerTimings.Timing> layers, double stepMillis) {
    out.printf("%nper layer, batch %d (backward: the gradients training needs)%n", batch);
    out.println(
        "(GFLOP/s counts a direct convolution's multiply-adds; a Winograd convolution does fewer;"
            + " layers joined by + run as one op)");
    out.print(
        TextTable.format(
            new Table(
                LayerTimings.COLUMNS, layers.stream().map(LayerTimings.Timing::cells).toList())));
    double sum =
        layers.stream()
            .mapToDouble(
                t ->
                    t.forwardMillis()
                        + (Double.isNaN(t.backwardMillis()) ? 0 : t.backwardMillis()))
            .sum();
    out.printf(
        Locale.ROOT,
        "sum of the rows: %.1f ms; the training step's median: %.1f ms%n",
        sum,
        stepMillis);
  }

  // The JVM options the kernels' speed depends on, as ./convnet4j sets them and a plain `java -jar`
  // does not: the object alignment (at 64 bytes the scratch buffers start on a cache line) and
  // transparent huge pages (the GEMMs' weight matrices without a TLB miss a row).
  private static String vmOption(String name) {
    return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption(name)
        .getValue();
  }

  /**
   * Steady-state training figures.
   *
   * @param bytesPerStep bytes all threads allocated per timed step, on average
   */
  private record Training(double imagesPerSecond, double medianStepMillis, long bytesPerStep) {}

  private Training train(Sequential model, SplittableRandom random) {
    TrainingStep step = new TrainingStep(model, new Adam(LEARNING_RATE));
    Batch data =
        new Batch(
            images(random, batch, model.inputShape()),
            oneHotLabels(random, batch, model.outputShape()[0]));
    // As train does while it loads data; the JIT then goes on compiling for dozens of steps (it
    // took about 100 before steps stopped getting faster), hence the default --warmup.
    Kernels.active().warmUp();
    long index = 0;
    for (int i = 0; i < warmup; i++) {
      step.run(data, index++);
    }
    double[] stepMillis = new double[steps];
    long bytesBefore = allocatedBytes();
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      long stepStart = System.nanoTime();
      step.run(data, index++);
      stepMillis[i] = (System.nanoTime() - stepStart) / 1e6;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long bytes = (allocatedBytes() - bytesBefore) / steps;
    return new Training(steps * (double) batch / seconds, Stopwatch.median(stepMillis), bytes);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  private double gemmGflops() {
    SplittableRandom random = new SplittableRandom(2);
    float[] a = LayerTimings.uniform(random, GEMM_SIZE * GEMM_SIZE);
    float[] b = LayerTimings.uniform(random, GEMM_SIZE * GEMM_SIZE);
    float[] c = new float[GEMM_SIZE * GEMM_SIZE];
    Kernels kernels = Kernels.active();
    double millis =
        Stopwatch.medianMillis(
            WARMUP_MILLIS,
            7,
            () -> kernels.matmul(a, false, b, false, c, GEMM_SIZE, GEMM_SIZE, GEMM_SIZE));
    return 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / (millis * 1e6);
  }

  // Images of the model's input shape, pixels uniform in [0, 1).
  static Tensor images(SplittableRandom random, int count, int[] shape) {
    int[] batchShape = new int[shape.length + 1];
    batchShape[0] = count;
    System.arraycopy(shape, 0, batchShape, 1, shape.length);
    float[] pixels =
        new float[Math.multiplyExact(count, Arrays.stream(shape).reduce(1, Math::multiplyExact))];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return Tensor.of(pixels, batchShape);
  }

  static Tensor oneHotLabels(SplittableRandom random, int count, int classes) {
    float[] labels = new float[count * classes];
    for (int i = 0; i < count; i++) {
      labels[i * classes + random.nextInt(classes)] = 1f;
    }
    return Tensor.of(labels, count, classes);
  }

  private void requireAtLeast(String option, int value, int least) {
    if (value < least) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "bench %s: expected at least %d, got %d".formatted(option, least, value));
    }
  }
}
