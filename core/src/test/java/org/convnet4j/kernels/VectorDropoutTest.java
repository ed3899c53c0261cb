package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import org.convnet4j.RestoreThreadCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector seeded dropout against {@link ReferenceKernels#dropout}: the mask is integer
 * arithmetic, so the same bits, on any size and any number of threads; and {@link DropoutMask}'s
 * draws are uniform enough for dropout.
 */
@ExtendWith(RestoreThreadCount.class)
class VectorDropoutTest {

  @ParameterizedTest(name = "{0} elements, keep {1}, seed {2}")
  @CsvSource({
    "1, 0.5, 1",
    "15, 0.75, -3",
    "17, 0.25, 42",
    "33, 0.9, 7",
    "32768, 0.5, 99",
    "40009, 0.75, 1234567890123",
    "4000, 1.0, 5",
    "1000, 0.0000001, 11"
  })
  void matchesTheReferenceToTheBit(int size, float keepProb, long seed) {
    float[] x = random(new SplittableRandom(size), size);
    float[] expected = new float[size];
    REFERENCE.dropout(x, keepProb, seed, expected, size);
    for (int threads = 1; threads <= 3; threads++) {
      Parallelism.setThreads(threads);
      float[] actual = new float[size];
      FAST.dropout(x, keepProb, seed, actual, size);
      assertThat(actual).as("%d threads", threads).containsExactly(expected);
    }
  }

  @Test
  void drawsAreUniformOverTenBinsAndUnrelatedBetweenNeighbouringSeeds() {
    int n = 200_000;
    int[] bins = new int[10];
    int bothKept = 0;
    int key0 = DropoutMask.key0(1);
    int key1 = DropoutMask.key1(1);
    int nextKey0 = DropoutMask.key0(2);
    int nextKey1 = DropoutMask.key1(2);
    for (int i = 0; i < n; i++) {
      bins[(int) (DropoutMask.draw(key0, key1, i) * 10L >>> 24)]++;
      if (DropoutMask.keeps(key0, key1, i, 0.5f) && DropoutMask.keeps(nextKey0, nextKey1, i, 0.5f)) {
        bothKept++;
      }
    }
    // Binomial(200000, 0.1) has standard deviation 134; five of them is 670. Both seeds keep an
    // element a quarter of the time if their masks are unrelated: deviation 194, five is 970.
    for (int bin : bins) {
      assertThat(bin).isBetween(20_000 - 670, 20_000 + 670);
    }
    assertThat(bothKept).isBetween(50_000 - 970, 50_000 + 970);
  }
}
