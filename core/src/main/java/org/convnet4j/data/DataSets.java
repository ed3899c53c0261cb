package org.convnet4j.data;

import java.util.List;

/**
 * The three splits of a data set, as TensorFlow's {@code read_data_sets(one_hot=True,
 * reshape=False)} returns them: for MNIST and Fashion-MNIST 55,000 training, 5,000 validation (the
 * first 5,000 of the training file) and 10,000 test examples.
 */
public record DataSets(
    DataSplit train, DataSplit validation, DataSplit test, List<String> classNames) {

  /** Copies {@code classNames}. */
  public DataSets {
    classNames = List.copyOf(classNames);
  }
}
