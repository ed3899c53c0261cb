package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.convnet4j.Padding;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * The tutorial network's layers timed one by one on the active kernels, forward and backward, at a
 * given batch size. Backward is what training computes: both gradients, except for the first
 * convolution, whose input needs none.
 */
final class LayerTimings {

  private static final long WARMUP_MILLIS = 1000;
  private static final int RUNS = 5;

  /**
   * One layer's figures.
   *
   * @param gflop multiply-adds times two per forward pass, 0 for pooling
   * @param backwardGflop the same for the backward pass
   */
  record Timing(
      String layer,
      double forwardMillis,
      double gflop,
      double backwardMillis,
      double backwardGflop) {

    List<String> cells() {
      return List.of(
          layer,
          String.format(Locale.ROOT, "%.2f", forwardMillis),
          rate(gflop, forwardMillis),
          String.format(Locale.ROOT, "%.2f", backwardMillis),
          rate(backwardGflop, backwardMillis));
    }

    private static String rate(double gflop, double millis) {
      return gflop == 0 ? "-" : String.format(Locale.ROOT, "%.1f", gflop / millis * 1e3);
    }
  }

  private final Kernels kernels = Kernels.active();
  private final SplittableRandom random = new SplittableRandom(1);
  private final int batch;

  LayerTimings(int batch) {
    this.batch = batch;
  }

  /** conv1, pool1, conv2, pool2, dense1, dense2 of the tutorial network. */
  List<Timing> measure() {
    List<Timing> timings = new ArrayList<>();
    timings.add(conv("conv1 5x5x1x32 on 28x28", conv(28, 1, 32), false));
    timings.add(pool("pool1 2x2/2 on 28x28x32", pool(28, 32)));
    timings.add(conv("conv2 5x5x32x64 on 14x14", conv(14, 32, 64), true));
    timings.add(pool("pool2 2x2/2 on 14x14x64", pool(14, 64)));
    timings.add(dense("dense1 3136x1024", 7 * 7 * 64, 1024, true));
    timings.add(dense("dense2 1024x10", 1024, 10, false));
    return timings;
  }

  private Conv2dGeometry conv(int size, int cin, int cout) {
    return Conv2dGeometry.of(batch, size, size, cin, 5, 5, cout, 1, 1, Padding.SAME);
  }

  private Pool2dGeometry pool(int size, int channels) {
    return Pool2dGeometry.of(batch, size, size, channels, 2, 2, 2, 2, Padding.SAME);
  }

  private Timing conv(String name, Conv2dGeometry g, boolean inputGradient) {
    float[] input = random(g.inputSize());
    float[] filter = random(g.filterSize());
    float[] bias = random(g.cout());
    float[] out = new float[g.outputSize()];
    float[] dInput = new float[g.inputSize()];
    float[] dFilter = new float[g.filterSize()];
    double gflop = 2.0 * g.outputSize() * g.kh() * g.kw() * g.cin() / 1e9;
    double forward = time(() -> kernels.conv2dBiasRelu(input, filter, bias, true, out, g));
    double backward =
        time(
            () -> {
              kernels.conv2dBackwardFilter(input, out, dFilter, g);
              if (inputGradient) {
                kernels.conv2dBackwardInput(out, filter, dInput, g);
              }
            });
    return new Timing(name, forward, gflop, backward, gflop * (inputGradient ? 2 : 1));
  }

  private Timing pool(String name, Pool2dGeometry g) {
    float[] input = random(g.inputSize());
    float[] out = new float[g.outputSize()];
    int[] argmax = new int[g.outputSize()];
    float[] dInput = new float[g.inputSize()];
    double forward = time(() -> kernels.maxPool(input, out, argmax, g));
    double backward = time(() -> kernels.maxPoolBackward(argmax, out, dInput, g));
    return new Timing(name, forward, 0, backward, 0);
  }

  private Timing dense(String name, int in, int units, boolean relu) {
    float[] x = random(batch * in);
    float[] w = random(in * units);
    float[] bias = random(units);
    float[] y = new float[batch * units];
    float[] dX = new float[batch * in];
    float[] dW = new float[in * units];
    double gflop = 2.0 * batch * in * units / 1e9;
    double forward =
        time(() -> kernels.matmulBiasRelu(x, false, w, false, bias, relu, y, batch, units, in));
    double backward =
        time(
            () -> {
              kernels.matmul(y, false, w, true, dX, batch, in, units);
              kernels.matmul(x, true, y, false, dW, in, units, batch);
            });
    return new Timing(name, forward, gflop, backward, 2 * gflop);
  }

  private static double time(Runnable work) {
    return Stopwatch.medianMillis(WARMUP_MILLIS, RUNS, work);
  }

  private float[] random(int size) {
    return uniform(random, size);
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
