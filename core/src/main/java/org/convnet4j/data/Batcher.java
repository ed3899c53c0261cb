package org.convnet4j.data;

import java.util.SplittableRandom;

/**
 * Serves shuffled mini-batches from a split, like TensorFlow's {@code DataSet.next_batch} with
 * {@code shuffle=True}: every epoch visits every example exactly once, in a fresh permutation. When
 * fewer than {@code n} examples remain in an epoch, the batch takes the rest and completes itself
 * from the start of the next epoch's permutation, so every batch has exactly {@code n} examples.
 *
 * <p>The permutations depend only on the seed: the permutation of epoch {@code e} is shuffled with
 * the {@code e}-th long drawn from {@code new SplittableRandom(seed)}. So a batcher is
 * reproducible, and one {@linkplain #Batcher(DataSplit, long, long) resumed} after {@code k}
 * examples serves exactly what the original served after its first {@code k}.
 */
public final class Batcher {

  private final DataSplit split;
  private final SplittableRandom epochSeeds;
  private final int[] order;
  private int position;
  private int epochsCompleted;

  /** A batcher starting at the first example of the first epoch. */
  public Batcher(DataSplit split, long seed) {
    this.split = split;
    this.epochSeeds = new SplittableRandom(seed);
    this.order = new int[split.size()];
    shuffleForNextEpoch();
  }

  /**
   * A batcher that continues where one with the same split and seed stood after serving {@code
   * examplesServed} examples (see {@link #examplesServed()}), for resuming training exactly.
   *
   * @throws IllegalArgumentException if {@code examplesServed} is negative
   */
  public Batcher(DataSplit split, long seed, long examplesServed) {
    this(split, seed);
    if (examplesServed < 0) {
      throw new IllegalArgumentException(
          "Batcher: examplesServed must not be negative, got " + examplesServed);
    }
    long epochs = examplesServed / split.size();
    for (long e = 0; e < epochs; e++) {
      epochsCompleted++;
      shuffleForNextEpoch();
    }
    position = (int) (examplesServed % split.size());
  }

  /**
   * The next {@code n} examples.
   *
   * @throws IllegalArgumentException if {@code n} is below 1 or above the split's size
   */
  public Batch nextBatch(int n) {
    checkBatchSize(n);
    int rest = order.length - position;
    if (n < rest) {
      Batch batch = split.gather(order, position, n);
      position += n;
      return batch;
    }
    // The epoch ends inside (or exactly at the end of) this batch: keep its tail, reshuffle, and
    // fill the batch from the new permutation.
    int[] indices = new int[n];
    System.arraycopy(order, position, indices, 0, rest);
    epochsCompleted++;
    shuffleForNextEpoch();
    System.arraycopy(order, 0, indices, rest, n - rest);
    position = n - rest;
    return split.gather(indices, 0, n);
  }

  /** The number of full passes over the split so far. */
  public int epochsCompleted() {
    return epochsCompleted;
  }

  /** The number of examples served so far, for {@link #Batcher(DataSplit, long, long)}. */
  public long examplesServed() {
    return (long) epochsCompleted * order.length + position;
  }

  /**
   * The number of batches of {@code n} that cover one epoch, {@code ceil(size / n)}; when {@code n}
   * does not divide the size, the last of them reaches into the next epoch.
   *
   * @throws IllegalArgumentException if {@code n} is below 1 or above the split's size
   */
  public int batchesPerEpoch(int n) {
    checkBatchSize(n);
    return (order.length + n - 1) / n;
  }

  private void checkBatchSize(int n) {
    if (n < 1 || n > order.length) {
      throw new IllegalArgumentException(
          "Batcher: batch size must be in 1..%d (the split's size), got %d"
              .formatted(order.length, n));
    }
  }

  /** Fisher-Yates shuffle of the identity, seeded for the epoch about to start. */
  private void shuffleForNextEpoch() {
    SplittableRandom random = new SplittableRandom(epochSeeds.nextLong());
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
