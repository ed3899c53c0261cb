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
    SplittableRandom random = new SplittableRandom(c.size());
    float[] dOut = random(random, c.size());
    float[] y = reluOutputs(random, c.size());
    float[] expected = new float[c.size()];
    float[] actual = new float[c.size()];

    REFERENCE.reluBackward(dOut, y, expected, c.size());
    FAST.reluBackward(dOut, y, actual, c.size());

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
    SplittableRandom random = new SplittableRandom(c.size() + 2);
    float[] dOut = random(random, c.size());
    float[] y = reluOutputs(random, c.size());
    float[] expectedDz = new float[c.size()];
    float[] expectedDBias = new float[c.channels()];
    float[] dz = new float[c.size()];
    float[] dBias = new float[c.channels()];

    REFERENCE.biasReluBackward(dOut, y, expectedDz, expectedDBias, c.rows(), c.channels());
    FAST.biasReluBackward(dOut, y, dz, dBias, c.rows(), c.channels());

    assertThat(dz).isEqualTo(expectedDz);
    assertClose(expectedDBias, dBias, c.rows(), "biasReluBackward dBias");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluBackwardIsTheSameBitsAsItsTwoHalves(Case c) {
    SplittableRandom random = new SplittableRandom(c.size() + 3);
    float[] dOut = random(random, c.size());
    float[] y = reluOutputs(random, c.size());
    float[] unfusedDz = new float[c.size()];
    float[] unfusedDBias = new float[c.channels()];
    float[] dz = new float[c.size()];
    float[] dBias = new float[c.channels()];

    FAST.reluBackward(dOut, y, unfusedDz, c.size());
    FAST.biasBackward(unfusedDz, unfusedDBias, c.rows(), c.channels());
    FAST.biasReluBackward(dOut, y, dz, dBias, c.rows(), c.channels());

    assertThat(dz).isEqualTo(unfusedDz);
    assertThat(dBias).isEqualTo(unfusedDBias);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedBiasReluBackwardIsTheSameBitsOnOneTwoAndThreeThreads(Case c) {
    SplittableRandom random = new SplittableRandom(c.size() + 4);
    float[] dOut = random(random, c.size());
    float[] y = reluOutputs(random, c.size());
    float[] oneThreadDz = new float[c.size()];
    float[] oneThreadDBias = new float[c.channels()];
    Parallelism.setThreads(1);
    FAST.biasReluBackward(dOut, y, oneThreadDz, oneThreadDBias, c.rows(), c.channels());

    for (int threads : new int[] {2, 3}) {
      Parallelism.setThreads(threads);
      float[] dz = new float[c.size()];
      float[] dBias = new float[c.channels()];
      FAST.biasReluBackward(dOut, y, dz, dBias, c.rows(), c.channels());
      assertThat(dz).as("dz on %d threads", threads).isEqualTo(oneThreadDz);
      assertThat(dBias).as("dBias on %d threads", threads).isEqualTo(oneThreadDBias);
    }
  }

  // What a ReLU outputs: zero (the kink, where no gradient passes) about a third of the time,
  // negative zero among them, and positive values otherwise.
  private static float[] reluOutputs(SplittableRandom random, int size) {
    float[] y = new float[size];
    for (int i = 0; i < size; i++) {
      y[i] =
          switch (random.nextInt(6)) {
            case 0 -> 0f;
            case 1 -> -0f;
            default -> (float) random.nextDouble(Float.MIN_VALUE, 1);
          };
    }
    return y;
  }
}
