package org.convnet4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.RestoreThreadCount;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.kernels.Parallelism;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Updates split into chunks over the kernel threads: the same bits on any number of threads, and
 * every element, at chunk edges too, moved exactly as a variable of that element alone would be.
 */
@ExtendWith(RestoreThreadCount.class)
class OptimizerThreadsTest {

  // Three whole chunks of 2^15 elements and a partial fourth.
  private static final int SIZE = 3 * 32_768 + 1_001;
  private static final int[] SAMPLED = {0, 1, 32_767, 32_768, 65_535, 65_536, 98_303, 98_304,
      SIZE - 1};
  private static final float[] INITIAL = values(1);
  private static final float[][] GRADIENTS = {values(10), values(11), values(12)};

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void twoAndThreeThreadsGiveTheBitsOfOne(OptimizerType type) {
    float[] oneThread = train(type, 1);

    assertThat(train(type, 2)).isEqualTo(oneThread);
    assertThat(train(type, 3)).isEqualTo(oneThread);
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void elementsAtChunkEdgesMoveAsTheyWouldAlone(OptimizerType type) {
    float[] trained = train(type, 2);
    for (int i : SAMPLED) {
      Variable alone = new Variable("w", Tensor.of(new float[] {INITIAL[i]}, 1));
      Optimizer optimizer = type.create(0.01f);
      for (float[] gradient : GRADIENTS) {
        optimizer.apply(List.of(alone), new Tensor[] {Tensor.of(new float[] {gradient[i]}, 1)});
      }
      assertThat(trained[i]).as("element %d", i).isEqualTo(alone.value().item());
    }
  }

  // An update per gradient of one large variable, on `threads` threads.
  private static float[] train(OptimizerType type, int threads) {
    Parallelism.setThreads(threads);
    Variable w = new Variable("w", Tensor.of(INITIAL, SIZE));
    Optimizer optimizer = type.create(0.01f);
    for (float[] gradient : GRADIENTS) {
      optimizer.apply(List.of(w), new Tensor[] {Tensor.of(gradient, SIZE)});
    }
    return w.value().toFloatArray();
  }

  private static float[] values(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }
}
