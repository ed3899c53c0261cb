package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convnet4j.RestoreThreadCount;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector bias and ReLU gradients against {@link ReferenceKernels} on random data: rows and
 * channels of size 1, primes, channel counts that are no multiple of the vector width, and row
 * counts that span several of the kernel's blocks with a partial last one.
 */
@ExtendWith(RestoreThreadCount.class)
class VectorBiasReluBackwardTest {

  record Case(int rows, int channels) {
    int size() {
      return rows * channels;
    }

    @Override
    public String toString() {
      return rows + " rows x " + channels + " channels";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(1, 1),
        new Case(1, 37),
        new Case(13, 1),
        new Case(7, 17),
        new Case(3, 33),
        new Case(2_503, 7),
        new Case(4_099, 32),
        new Case(1_031, 64),
        new Case(131, 1_024),
        new Case(97, 1_031));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reluBackwardMatchesReferenceExactly(Case c) {
    Inputs in = Inputs.of(c, c.size());
    float[] expected = new float[c.size()];
    float[] actual = new float[c.size()];

    REFERENCE.reluBackward(in.dOut(), in.y(), expected, c.size());
    FAST.reluBackward(in.dOut(), in.y(), actual, c.size());

    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void biasBackwardMatchesReference(Case c) {
    float[] dOut = random(new SplittableRandom(c.size() + 1), c.size());
    float[] expected = new float[c.channels()];
    float[] actual = new float[c.channels()];

    REFERENCE.biasBackward(dOut, expected, c.rows(), c.channels());
    FAST.biasBackward(dOut, actual, c.rows(), c.channels());

    assertClose(expected, actual, c.rows(), "biasBackward");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluBackwardMatchesReference(Case c) {
    Inputs in = Inputs.of(c, c.size() + 2);

    Gradients expected = Gradients.fused(REFERENCE, in, c);
    Gradients actual = Gradients.fused(FAST, in, c);

    assertThat(actual.dz()).isEqualTo(expected.dz());
    assertClose(expected.dBias(), actual.dBias(), c.rows(), "biasReluBackward dBias");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluBackwardIsTheSameBitsAsItsTwoHalves(Case c) {
    Inputs in = Inputs.of(c, c.size() + 3);
    float[] unfusedDz = new float[c.size()];
    float[] unfusedDBias = new float[c.channels()];

    FAST.reluBackward(in.dOut(), in.y(), unfusedDz, c.size());
    FAST.biasBackward(unfusedDz, unfusedDBias, c.rows(), c.channels());
    Gradients fused = Gradients.fused(FAST, in, c);

    assertThat(fused.dz()).isEqualTo(unfusedDz);
    assertThat(fused.dBias()).isEqualTo(unfusedDBias);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluBackwardIsTheSameBitsOnOneTwoAndThreeThreads(Case c) {
    Inputs in = Inputs.of(c, c.size() + 4);
    Parallelism.setThreads(1);
    Gradients oneThread = Gradients.fused(FAST, in, c);

    for (int threads : new int[] {2, 3}) {
      Parallelism.setThreads(threads);
      Gradients gradients = Gradients.fused(FAST, in, c);
      assertThat(gradients.dz()).as("dz on %d threads", threads).isEqualTo(oneThread.dz());
      assertThat(gradients.dBias()).as("dBias on %d threads", threads).isEqualTo(oneThread.dBias());
    }
  }

  /** What {@link Kernels#biasReluBackward} writes. */
  record Gradients(float[] dz, float[] dBias) {
    static Gradients fused(Kernels kernels, Inputs in, Case c) {
      Gradients g = new Gradients(new float[c.size()], new float[c.channels()]);
      kernels.biasReluBackward(in.dOut(), in.y(), g.dz(), g.dBias(), c.rows(), c.channels());
      return g;
    }
  }

  /**
   * A random gradient and what a ReLU outputs: zero (the kink, where no gradient passes) about a
   * third of the time, negative zero among them, and positive values otherwise.
   */
  record Inputs(float[] dOut, float[] y) {
    static Inputs of(Case c, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      float[] dOut = random(random, c.size());
      float[] y = new float[c.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] =
            switch (random.nextInt(6)) {
              case 0 -> 0f;
              case 1 -> -0f;
              default -> (float) random.nextDouble(Float.MIN_VALUE, 1);
            };
      }
      return new Inputs(dOut, y);
    }
  }
}
