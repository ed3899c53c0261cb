package org.convnet4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of one vector per partition that comes out the same bits whatever order Spark merges the
 * partitions' results in. Floating-point addition is not associative, and Spark merges results in
 * the order tasks finish, so adding as results come would make training depend on timing. Instead
 * the vectors are added along one fixed binary tree over the partitions {@code [0, n)}, computing
 * a node as soon as both its halves are present. Each element's sum is then the same expression
 * whatever the merge order, since {@code a + b == b + a} in IEEE 754.
 *
 * <p>The tree fits an aggregation in two levels: partitions form groups of {@code groupSize}
 * consecutive ones ({@code [0, g), [g, 2g), ...}), each summed on an executor, then the groups'
 * sums on the driver. A node spanning several groups splits at the boundary of its middle group
 * ({@code [lo, hi)} into groups {@code [glo, ghi)}: at {@code ((glo + ghi) / 2) * g}); a node within
 * one group splits in half ({@code mid = (lo + hi) / 2}). With {@code groupSize = n} that is the
 * plain halving tree.
 *
 * <p>It also carries the slowest partition's compute and broadcast-fetch times (a maximum, which
 * has no order problem) and the partitions' description of their vectors' layout.
 */
final class TreeSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int partitions;
  private final int groupSize;
  // Key: lo * (partitions + 1) + hi, so that nodes sort by their first partition.
  private final TreeMap<Long, float[]> nodes = new TreeMap<>();
  private long maxComputeNanos;
  private long maxFetchNanos;
  private Serializable layout;

  /** An empty sum over {@code partitions} partitions in groups of {@code groupSize}. */
  TreeSum(int partitions, int groupSize) {
    if (partitions < 1 || groupSize < 1) {
      throw new IllegalArgumentException(
          "tree sum: %d partitions in groups of %d".formatted(partitions, groupSize));
    }
    this.partitions = partitions;
    this.groupSize = groupSize;
  }

  /** The lowest partition this sum holds (to find its group). */
  int lowestPartition() {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("tree sum: empty");
    }
    return (int) (nodes.firstKey() / (partitions + 1));
  }

  /** Adds partition {@code p}'s vector, its times and its layout. */
  TreeSum add(int p, float[] vector, long computeNanos, long fetchNanos, Serializable layout) {
    if (p < 0 || p >= partitions) {
      throw new IllegalArgumentException(
          "tree sum: partition %d outside 0..%d".formatted(p, partitions - 1));
    }
    put(p, p + 1, vector);
    maxComputeNanos = Math.max(maxComputeNanos, computeNanos);
    maxFetchNanos = Math.max(maxFetchNanos, fetchNanos);
    if (this.layout == null) {
      this.layout = layout;
    }
    return this;
  }

  /** Adds everything {@code other} holds; {@code this} and {@code other} hold other partitions. */
  TreeSum merge(TreeSum other) {
    for (Map.Entry<Long, float[]> e : other.nodes.entrySet()) {
      long key = e.getKey();
      put((int) (key / (partitions + 1)), (int) (key % (partitions + 1)), e.getValue());
    }
    maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
    maxFetchNanos = Math.max(maxFetchNanos, other.maxFetchNanos);
    if (layout == null) {
      layout = other.layout;
    }
    return this;
  }

  /**
   * The sum over all partitions.
   *
   * @throws IllegalStateException if some partition's vector is missing
   */
  float[] total() {
    float[] root = nodes.get(key(0, partitions));
    if (root == null || nodes.size() != 1) {
      throw new IllegalStateException(
          "tree sum: %d partitions expected, have the ranges %s"
              .formatted(partitions, nodes.keySet().stream().map(this::describe).toList()));
    }
    return root;
  }

  long maxComputeNanos() {
    return maxComputeNanos;
  }

  long maxFetchNanos() {
    return maxFetchNanos;
  }

  Serializable layout() {
    return layout;
  }

  // Puts node [lo, hi), then climbs: while its sibling is present, replace both by their parent.
  private void put(int lo, int hi, float[] vector) {
    if (nodes.containsKey(key(lo, hi))) {
      throw new IllegalStateException("tree sum: partitions [%d, %d) twice".formatted(lo, hi));
    }
    while (!(lo == 0 && hi == partitions)) {
      int[] parent = parentOf(lo, hi);
      int mid = split(parent[0], parent[1]);
      boolean left = lo == parent[0];
      long siblingKey = left ? key(mid, parent[1]) : key(parent[0], mid);
      float[] sibling = nodes.remove(siblingKey);
      if (sibling == null) {
        break;
      }
      float[] l = left ? vector : sibling;
      float[] r = left ? sibling : vector;
      if (l.length != r.length) {
        throw new IllegalArgumentException(
            "tree sum: vectors of %d and %d values".formatted(l.length, r.length));
      }
      float[] sum = new float[l.length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = l[i] + r[i];
      }
      vector = sum;
      lo = parent[0];
      hi = parent[1];
    }
    nodes.put(key(lo, hi), vector);
  }

  // The node whose half [lo, hi) is: descend from the root [0, partitions).
  private int[] parentOf(int lo, int hi) {
    int plo = 0;
    int phi = partitions;
    while (true) {
      int mid = split(plo, phi);
      if ((lo == plo && hi == mid) || (lo == mid && hi == phi)) {
        return new int[] {plo, phi};
      }
      if (hi <= mid) {
        phi = mid;
      } else if (lo >= mid) {
        plo = mid;
      } else {
        throw new IllegalStateException(
            "tree sum: [%d, %d) is no node of the tree over %d".formatted(lo, hi, partitions));
      }
    }
  }

  // Where node [lo, hi) splits: at its middle group's start if it spans groups, else in half.
  private int split(int lo, int hi) {
    int firstGroup = lo / groupSize;
    int endGroup = (hi + groupSize - 1) / groupSize;
    if (endGroup - firstGroup > 1) {
      return ((firstGroup + endGroup) >>> 1) * groupSize;
    }
    return (lo + hi) >>> 1;
  }

  private long key(int lo, int hi) {
    return (long) lo * (partitions + 1) + hi;
  }

  private String describe(long key) {
    return "[%d, %d)".formatted(key / (partitions + 1), key % (partitions + 1));
  }
}
