package org.convnet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSplit;

/**
 * Partition {@code p}'s share of the training set: examples {@code p, p + n, p + 2n, ...} of {@code
 * n} partitions, every class in about its overall proportion even when the file is sorted by class.
 * Read by the executor from the run's {@link DataSource}; Spark keeps it in the executor's memory
 * between rounds and reads it again from the source if the executor is lost.
 */
final class Shard implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int partition;
  private final float[] images;
  private final int[] shape;
  private final int[] labels;
  private final int numClasses;
  private transient DataSplit split;

  private Shard(int partition, float[] images, int[] shape, int[] labels, int numClasses) {
    this.partition = partition;
    this.images = images;
    this.shape = shape;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /**
   * Reads partition {@code p}'s share of {@code source}'s training split.
   *
   * @throws IllegalStateException if the split does not have the {@code expectedSize} examples the
   *     driver trains on (the executor reads other files)
   */
  static Shard read(DataSource source, int p, int partitions, int expectedSize) {
    DataSplit train;
    try {
      train = source.load().train();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(train, p, partitions, expectedSize);
  }

  /** Partition {@code p}'s share of {@code train}. */
  static Shard of(DataSplit train, int p, int partitions, int expectedSize) {
    if (train.size() != expectedSize) {
      throw new IllegalStateException(
          ("shard %d: the executor's training split has %d examples, the driver's %d; do they"
                  + " read the same data folder?")
              .formatted(p, train.size(), expectedSize));
    }
    int count = (train.size() - p + partitions - 1) / partitions;
    float[] all = train.images().toFloatArray();
    int pixels = all.length / train.size();
    float[] mine = new float[count * pixels];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int example = p + i * partitions;
      System.arraycopy(all, example * pixels, mine, i * pixels, pixels);
      labels[i] = train.labelOf(example);
    }
    int[] image = train.imageShape();
    int[] shape = {count, image[0], image[1], image[2]};
    return new Shard(p, mine, shape, labels, train.numClasses());
  }

  int partition() {
    return partition;
  }

  /** The shard as a split (built once per executor). */
  synchronized DataSplit split() {
    if (split == null) {
      split = DataSplit.of(Tensor.of(images, shape), labels, numClasses);
    }
    return split;
  }
}
