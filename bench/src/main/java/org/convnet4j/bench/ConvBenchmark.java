package org.convnet4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.convnet4j.Padding;
import org.convnet4j.Threads;
import org.convnet4j.kernels.Kernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tutorial network's convolutions at batch 128, SAME padding, stride 1: {@code conv1} is
 * 5x5x1x32 on 28x28 (0.16 GFLOP per pass), {@code conv2} 5x5x32x64 on 14x14 (2.57 GFLOP per pass).
 * Each pass (forward, input gradient, filter gradient) costs the same multiply-adds, counted for a
 * direct convolution: conv2's run as Winograd F(4x4, 5x5), about 0.54 GFLOP for the same result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      ForkOptions.VECTOR_API,
      ForkOptions.COLLECTOR,
      ForkOptions.ALIGNMENT,
      ForkOptions.HUGE_PAGES
    })
public class ConvBenchmark {

  private static final int BATCH = 128;

  @Param({"conv1", "conv2"})
  public String layer;

  @Param({"1", "2"})
  public int threads;

  private final Kernels kernels = Kernels.active();
  private Conv2dGeometry g;
  private float[] input;
  private float[] filter;
  private float[] out;
  private float[] dOut;
  private float[] dInput;
  private float[] dFilter;

  @Setup
  public void setUp() {
    Threads.set(threads);
    g =
        switch (layer) {
          case "conv1" -> Conv2dGeometry.of(BATCH, 28, 28, 1, 5, 5, 32, 1, 1, Padding.SAME);
          case "conv2" -> Conv2dGeometry.of(BATCH, 14, 14, 32, 5, 5, 64, 1, 1, Padding.SAME);
          default ->
              throw new IllegalArgumentException("layer: expected conv1 or conv2, got " + layer);
        };
    SplittableRandom random = new SplittableRandom(1);
    input = RandomArrays.uniform(random, g.inputSize());
    filter = RandomArrays.uniform(random, g.filterSize());
    dOut = RandomArrays.uniform(random, g.outputSize());
    out = new float[g.outputSize()];
    dInput = new float[g.inputSize()];
    dFilter = new float[g.filterSize()];
  }

  @Benchmark
  public float[] forward() {
    kernels.conv2d(input, filter, out, g);
    return out;
  }

  @Benchmark
  public float[] backwardInput() {
    kernels.conv2dBackwardInput(dOut, filter, dInput, g);
    return dInput;
  }

  @Benchmark
  public float[] backwardFilter() {
    kernels.conv2dBackwardFilter(input, dOut, dFilter, g);
    return dFilter;
  }
}
