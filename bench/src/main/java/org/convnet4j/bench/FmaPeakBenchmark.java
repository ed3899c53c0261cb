package org.convnet4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Vector API FMA peak of this machine, the yardstick of {@link GemmBenchmark}: twelve
 * independent chains of fused multiply-adds on {@code FloatVector.SPECIES_PREFERRED}, enough to
 * hide their latency, with nothing to load. Each op is {@value #ROUNDS} rounds of 12 FMAs, {@code
 * 24 * lanes * ROUNDS} flops (384,000 with 16 lanes): GFLOP/s is {@code ops/ms * 0.384}, summed
 * over threads by JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      ForkOptions.VECTOR_API,
      ForkOptions.COLLECTOR,
      ForkOptions.ALIGNMENT,
      ForkOptions.HUGE_PAGES
    })
public class FmaPeakBenchmark {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int ROUNDS = 1000;

  private final float[] operands = new float[2 * SPECIES.length()];

  @Benchmark
  @Threads(1)
  public float oneThread() {
    return fmaChains();
  }

  @Benchmark
  @Threads(2)
  public float twoThreads() {
    return fmaChains();
  }

  // The vectors stay in this one method: a vector passed to another is boxed unless inlined.
  private float fmaChains() {
    FloatVector a = FloatVector.fromArray(SPECIES, operands, 0);
    FloatVector b = FloatVector.fromArray(SPECIES, operands, SPECIES.length());
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    FloatVector c8 = c0;
    FloatVector c9 = c0;
    FloatVector c10 = c0;
    FloatVector c11 = c0;
    for (int i = 0; i < ROUNDS; i++) {
      c0 = a.fma(b, c0);
      c1 = a.fma(b, c1);
      c2 = a.fma(b, c2);
      c3 = a.fma(b, c3);
      c4 = a.fma(b, c4);
      c5 = a.fma(b, c5);
      c6 = a.fma(b, c6);
      c7 = a.fma(b, c7);
      c8 = a.fma(b, c8);
      c9 = a.fma(b, c9);
      c10 = a.fma(b, c10);
      c11 = a.fma(b, c11);
    }
    return c0.add(c1)
        .add(c2)
        .add(c3)
        .add(c4)
        .add(c5)
        .add(c6)
        .add(c7)
        .add(c8)
        .add(c9)
        .add(c10)
        .add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
