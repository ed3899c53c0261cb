package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sum over partitions must be the same bits in whatever order Spark merges partial results:
 * checked against the fixed tree written out by hand, for shuffled merge orders and groupings.
 */
class TreeSumTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 13})
  void anyMergeOrderGivesTheFixedTreesBits(int partitions) {
    SplittableRandom random = new SplittableRandom(partitions);
    float[][] vectors = new float[partitions][64];
    for (float[] v : vectors) {
      for (int i = 0; i < v.length; i++) {
        // Magnitudes far apart, so that the order of additions shows in the last bits.
        v[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-4, 5)));
      }
    }
    float[] expected = treeSum(vectors, 0, partitions);

    for (int trial = 0; trial < 20; trial++) {
      List<TreeSum> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new TreeSum(partitions).add(p, vectors[p].clone(), p, 0, null));
      }
      Collections.shuffle(parts, new Random(random.nextLong()));
      // Merge random pairs until one is left, as tasks finishing in any order would.
      while (parts.size() > 1) {
        TreeSum a = parts.remove(random.nextInt(parts.size()));
        TreeSum b = parts.remove(random.nextInt(parts.size()));
        parts.add(random.nextBoolean() ? a.merge(b) : b.merge(a));
      }
      assertThat(parts.get(0).total()).containsExactly(expected);
      assertThat(parts.get(0).maxComputeNanos()).isEqualTo(partitions - 1);
    }
  }

  @Test
  void aMissingPartitionIsAnError() {
    int partitions = 3;
    TreeSum sum = new TreeSum(partitions).add(0, new float[1], 0, 0, null);
    sum.merge(new TreeSum(partitions).add(2, new float[1], 0, 0, null));

    assertThatThrownBy(sum::total)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3 partitions expected");
    assertThatThrownBy(() -> sum.add(0, new float[1], 0, 0, null))
        .hasMessageContaining("twice");
  }

  // The tree as the class documents it: [lo, hi) = [lo, mid) + [mid, hi), mid = (lo + hi) / 2.
  private static float[] treeSum(float[][] vectors, int lo, int hi) {
    if (hi - lo == 1) {
      return vectors[lo];
    }
    int mid = (lo + hi) >>> 1;
    float[] l = treeSum(vectors, lo, mid);
    float[] r = treeSum(vectors, mid, hi);
    float[] sum = new float[l.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = l[i] + r[i];
    }
    return sum;
  }
}
