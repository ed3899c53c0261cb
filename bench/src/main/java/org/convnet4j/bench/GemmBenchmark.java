package org.convnet4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.convnet4j.Threads;
import org.convnet4j.kernels.Kernels;
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
 * Single-precision {@code C = A · B} at 1024³ (2.15 GFLOP per call): GFLOP/s is {@code 2.147 / (ms
 * per op) * 1000}, to be compared with {@link FmaPeakBenchmark} run in the same sitting.
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
public class GemmBenchmark {

  private static final int SIZE = 1024;

  @Param({"1", "2"})
  public int threads;

  @Param({"false", "true"})
  public boolean transposeB;

  private final Kernels kernels = Kernels.active();
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    Threads.set(threads);
    SplittableRandom random = new SplittableRandom(1);
    a = RandomArrays.uniform(random, SIZE * SIZE);
    b = RandomArrays.uniform(random, SIZE * SIZE);
    c = new float[SIZE * SIZE];
  }

  @Benchmark
  public float[] matmul() {
    kernels.matmul(a, false, b, transposeB, c, SIZE, SIZE, SIZE);
    return c;
  }
}
