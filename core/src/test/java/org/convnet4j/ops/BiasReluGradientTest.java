package org.convnet4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.convnet4j.RestoreThreadCount;
import org.convnet4j.kernels.Parallelism;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bias and ReLU gradients on sizes that span several of the vector kernels' blocks (the last
 * one partial), against plain loops, and the same bits on any number of threads.
 */
@ExtendWith(RestoreThreadCount.class)
class BiasReluGradientTest {

  // 10,000 rows of 7: two whole blocks of 4,681 rows (32,768 elements at most) and a partial third.
  private static final int ROWS = 10_000;
  private static final int CHANNELS = 7;

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 3})
  void biasSumsAreTheColumnSumsInDoublePrecision(int threads) {
    Parallelism.setThreads(threads);
    float[] dOut = uniform(1, ROWS * CHANNELS);

    float[] dBias = BiasReluGradient.sumOverRows(dOut, CHANNELS);

    for (int c = 0; c < CHANNELS; c++) {
      double sum = 0;
      for (int r = 0; r < ROWS; r++) {
        sum += dOut[r * CHANNELS + c];
      }
      // 10,000 float additions of values below 1 in magnitude: rounding well under 1e-3.
      assertThat((double) dBias[c]).isCloseTo(sum, within(1e-3));
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {2, 3})
  void biasSumsAreTheSameBitsAsOnOneThread(int threads) {
    float[] dOut = uniform(2, ROWS * CHANNELS);
    Parallelism.setThreads(1);
    float[] oneThread = BiasReluGradient.sumOverRows(dOut, CHANNELS);

    Parallelism.setThreads(threads);
    assertThat(BiasReluGradient.sumOverRows(dOut, CHANNELS)).isEqualTo(oneThread);
  }

  // 70,000 elements: two whole blocks of 32,768 and a partial third; every third output exactly
  // zero, the kink, where TensorFlow passes no gradient.
  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 3})
  void reluGradientPassesWhereTheOutputIsPositiveOnly(int threads) {
    Parallelism.setThreads(threads);
    int size = 70_000;
    float[] dOut = uniform(3, size);
    float[] y = uniform(4, size);
    float[] expected = new float[size];
    for (int i = 0; i < size; i++) {
      y[i] = i % 3 == 0 ? 0f : Math.abs(y[i]);
      expected[i] = y[i] > 0 ? dOut[i] : 0f;
    }

    assertThat(BiasReluGradient.throughRelu(dOut, y)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void biasAndReluTogetherGiveTheMaskedGradientAndItsColumnSums(int threads) {
    Parallelism.setThreads(threads);
    float[] dOut = uniform(5, ROWS * CHANNELS);
    float[] y = uniform(6, ROWS * CHANNELS);
    float[] expectedDz = new float[ROWS * CHANNELS];
    double[] expectedDBias = new double[CHANNELS];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(y[i], 0f);
      expectedDz[i] = y[i] > 0 ? dOut[i] : 0f;
      expectedDBias[i % CHANNELS] += expectedDz[i];
    }

    BiasReluGradient gradient = BiasReluGradient.of(dOut, y, true, CHANNELS);

    assertThat(gradient.dz()).isEqualTo(expectedDz);
    for (int c = 0; c < CHANNELS; c++) {
      assertThat((double) gradient.dBias()[c]).isCloseTo(expectedDBias[c], within(1e-3));
    }
  }

  @ParameterizedTest(name = "bias wanted: {0}")
  @ValueSource(booleans = {true, false})
  void withoutReluTheGradientBeforeItIsTheGradientAfterIt(boolean needBias) {
    float[] dOut = uniform(7, ROWS * CHANNELS);

    BiasReluGradient gradient = BiasReluGradient.of(dOut, null, needBias, CHANNELS);

    assertThat(gradient.dz()).isSameAs(dOut);
    assertThat(gradient.dBias() != null).isEqualTo(needBias);
  }

  private static float[] uniform(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }
}
