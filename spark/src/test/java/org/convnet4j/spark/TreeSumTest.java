package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sum over partitions must be the same bits in whatever order Spark merges partial results:
 * checked against the fixed tree written out by hand, for shuffled merge orders and groupings.
 */
class TreeSumTest {

  @ParameterizedTest
  @CsvSource({"1,1", "2,2", "3,3", "5,5", "8,8", "13,13", "9,3", "13,4", "16,4", "64,8", "50,8"})
  void anyMergeOrderGivesTheFixedTreesBits(int partitions, int groupSize) {
    SplittableRandom random = new SplittableRandom(partitions * 100L + groupSize);
    float[][] vectors = new float[partitions][64];
    for (float[] v : vectors) {
      for (int i = 0; i < v.length; i++) {
        // Magnitudes far apart, so that the order of additions shows in the last bits.
        v[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-4, 5)));
      }
    }
    float[] expected = treeSum(vectors, 0, partitions, groupSize);

    for (int trial = 0; trial < 20; trial++) {
      List<TreeSum> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new TreeSum(partitions, groupSize).add(p, vectors[p].clone(), p, 0, null));
      }
      Collections.shuffle(parts, new Random(random.nextLong()));
      // Merge within groups first, as the executors do (in random order), then random pairs
      // until one is left, as the driver does with results arriving in any order.
      mergeGroups(parts, groupSize, random);
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
    TreeSum sum = new TreeSum(partitions, partitions).add(0, new float[1], 0, 0, null);
    sum.merge(new TreeSum(partitions, partitions).add(2, new float[1], 0, 0, null));

    assertThatThrownBy(sum::total)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3 partitions expected");
    assertThatThrownBy(() -> sum.add(0, new float[1], 0, 0, null))
        .hasMessageContaining("twice");
  }

  @Test
  void groupsAreTreeAggregatesSizeWhenTheExtraLevelPays() {
    // Spark's rule: a level of ceil(sqrt(n)) when n > scale + ceil(n / scale).
    assertThat(SparkTrainingEngine.groupSize(2)).isEqualTo(2);
    assertThat(SparkTrainingEngine.groupSize(4)).isEqualTo(4);
    assertThat(SparkTrainingEngine.groupSize(9)).isEqualTo(3);
    assertThat(SparkTrainingEngine.groupSize(16)).isEqualTo(4);
    assertThat(SparkTrainingEngine.groupSize(64)).isEqualTo(8);
  }

  private static void mergeGroups(List<TreeSum> parts, int groupSize, SplittableRandom random) {
    Map<Integer, TreeSum> groups = new LinkedHashMap<>();
    for (TreeSum part : parts) {
      groups.merge(
          part.lowestPartition() / groupSize,
          part,
          (a, b) -> random.nextBoolean() ? a.merge(b) : b.merge(a));
    }
    parts.clear();
    parts.addAll(groups.values());
    Collections.shuffle(parts, new Random(random.nextLong()));
  }

  // The tree as the class documents it: [lo, hi) = [lo, mid) + [mid, hi), mid the boundary of the
  // middle group when [lo, hi) spans groups, else (lo + hi) / 2.
  private static float[] treeSum(float[][] vectors, int lo, int hi, int g) {
    if (hi - lo == 1) {
      return vectors[lo];
    }
    int groups = (hi + g - 1) / g - lo / g;
    int mid = groups > 1 ? (lo / g + groups / 2) * g : (lo + hi) / 2;
    float[] l = treeSum(vectors, lo, mid, g);
    float[] r = treeSum(vectors, mid, hi, g);
    float[] sum = new float[l.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = l[i] + r[i];
    }
    return sum;
  }
}
