package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.nn.Sequential;
import org.convnet4j.nn.Stage;
import org.convnet4j.ops.Workspace;
import org.convnet4j.optim.Optimizer;

/**
 * A model's training step timed piece by piece at a given batch size: each {@linkplain
 * Sequential#stages() stage} of its forward pass (a layer, or layers fused into one op) forward and
 * backward, then the loss and the optimizer's update, each on synthetic data of its shape. Every
 * piece runs the very code the training step runs (the stage's forward under a gradient tape, the
 * tape's gradient rules, {@link Optimizer#apply}), with its arrays from a workspace as there.
 * Backward is what training computes: the variables' gradients, and the input's except for the
 * first stage, whose input (the images) needs none.
 */
final class LayerTimings {

  // The training bench before the table has compiled the kernels: a shorter warm-up suffices.
  private static final long WARMUP_MILLIS = 300;
  private static final int RUNS = 5;

  /**
   * One piece's figures.
   *
   * @param layer the stage's layer names, or {@code loss} or the optimizer's name
   * @param output the shape of one example's output, {@code 16x16x32}
   * @param gflop multiply-adds times two per forward pass, 0 where nothing is multiplied and added
   * @param backwardMillis NaN where there is no backward pass (the optimizer)
   * @param backwardGflop the same for the backward pass
   */
  record Timing(
      String layer,
      String output,
      double forwardMillis,
      double gflop,
      double backwardMillis,
      double backwardGflop) {

    List<String> cells() {
      return List.of(
          layer,
          output,
          millis(forwardMillis),
          rate(gflop, forwardMillis),
          millis(backwardMillis),
          rate(backwardGflop, backwardMillis));
    }

    /** The figures as a JSON object, for the bench's last line. */
    String json() {
      return String.format(
          Locale.ROOT,
          "{\"layer\": \"%s\", \"forward_ms\": %.3f, \"backward_ms\": %s}",
          layer,
          forwardMillis,
          Double.isNaN(backwardMillis)
              ? "null"
              : String.format(Locale.ROOT, "%.3f", backwardMillis));
    }

    private static String millis(double millis) {
      return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String rate(double gflop, double millis) {
      return gflop == 0 ? "-" : String.format(Locale.ROOT, "%.1f", gflop / millis * 1e3);
    }
  }

  /** The table's column names, matching {@link Timing#cells()}. */
  static final List<String> COLUMNS =
      List.of("layer", "output", "forward ms", "GFLOP/s", "backward ms", "GFLOP/s");

  private final SplittableRandom random = new SplittableRandom(1);
  private final Sequential model;
  private final Optimizer optimizer;
  private final int batch;

  /**
   * @param optimizer a fresh optimizer of the kind training uses; its updates change the model's
   *     variables
   */
  LayerTimings(Sequential model, Optimizer optimizer, int batch) {
    this.model = model;
    this.optimizer = optimizer;
    this.batch = batch;
  }

  /** Every stage of the model in order, then the loss, then the optimizer's update. */
  List<Timing> measure() {
    List<Timing> timings = new ArrayList<>();
    List<Stage> stages = model.stages();
    for (int i = 0; i < stages.size(); i++) {
      timings.add(stage(stages.get(i), i > 0));
    }
    timings.add(loss());
    timings.add(update());
    return timings;
  }

  private Timing stage(Stage stage, boolean inputGradient) {
    Tensor input = BenchCommand.images(random, batch, stage.inputShape());
    List<Tensor> sources = new ArrayList<>();
    if (inputGradient) {
      sources.add(input);
    }
    for (var layer : stage.layers()) {
      layer.variables().forEach(v -> sources.add(v.value()));
    }
    Tensor[] watched = sources.toArray(Tensor[]::new);
    double forward = timeRecorded(watched, () -> stage.forward(input, true));
    double backward = timeGradient(watched, () -> stage.forward(input, true));
    double gflop = 2.0 * batch * stage.multiplyAdds() / 1e9;
    return new Timing(
        stage.name(),
        shape(stage.outputShape()),
        forward,
        gflop,
        backward,
        gflop * (inputGradient ? 2 : 1));
  }

  // The training step's loss of the logits, and its accuracy, which the step also computes.
  private Timing loss() {
    int classes = model.outputShape()[0];
    Tensor logits = BenchCommand.images(random, batch, new int[] {classes});
    Tensor labels = BenchCommand.oneHotLabels(random, batch, classes);
    Tensor[] watched = {logits};
    double forward =
        timeRecorded(
            watched,
            () -> {
              Ops.accuracy(logits, labels);
              return Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(labels, logits));
            });
    double backward =
        timeGradient(
            watched, () -> Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(labels, logits)));
    return new Timing("loss", "1", forward, 0, backward, 0);
  }

  private Timing update() {
    List<Variable> variables = model.variables();
    Tensor[] gradients = new Tensor[variables.size()];
    for (int i = 0; i < gradients.length; i++) {
      float[] g = uniform(random, variables.get(i).size());
      // Gradients of a trained network's size, so the update moves the weights little.
      for (int j = 0; j < g.length; j++) {
        g[j] *= 1e-3f;
      }
      gradients[i] = Tensor.of(g, variables.get(i).shape());
    }
    long parameters = variables.stream().mapToLong(Variable::size).sum();
    double millis = time(() -> optimizer.apply(variables, gradients));
    return new Timing(
        "%s, %d variables".formatted(optimizer.type().cliName(), variables.size()),
        Long.toString(parameters),
        millis,
        0,
        Double.NaN,
        0);
  }

  /** Something that runs forward ops and returns the output to differentiate. */
  private interface Forward {
    Tensor run();
  }

  // The forward pass recorded on a tape, as in training, its arrays from a workspace.
  private static double timeRecorded(Tensor[] watched, Forward forward) {
    Workspace workspace = new Workspace();
    return time(
        () -> {
          workspace.open();
          try (GradientTape tape = new GradientTape()) {
            tape.watch(watched);
            forward.run();
          } finally {
            workspace.close();
          }
        });
  }

  // The gradients of the forward pass's output (summed) with respect to the watched tensors: the
  // forward pass is recorded once, then the gradient rules run again and again, each time with
  // their arrays from a workspace of their own.
  private static double timeGradient(Tensor[] watched, Forward forward) {
    Workspace recording = new Workspace();
    recording.open();
    try {
      GradientTape tape = new GradientTape();
      Tensor output;
      try (tape) {
        tape.watch(watched);
        output = forward.run();
      }
      Workspace gradients = new Workspace();
      return time(
          () -> {
            gradients.open();
            try {
              tape.gradient(output, watched);
            } finally {
              gradients.close();
            }
          });
    } finally {
      recording.close();
    }
  }

  private static double time(Runnable work) {
    return Stopwatch.medianMillis(WARMUP_MILLIS, RUNS, work);
  }

  private static String shape(int[] shape) {
    StringBuilder text = new StringBuilder();
    for (int d : shape) {
      text.append(text.isEmpty() ? "" : "x").append(d);
    }
    return text.toString();
  }

  /** {@code size} values uniform in {@code [-1, 1)}. */
  static float[] uniform(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
