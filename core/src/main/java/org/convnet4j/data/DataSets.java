package org.convnet4j.data;

import java.util.List;

/**
 * The three splits of a data set, as TensorFlow's {@code read_data_sets(one_hot=True,
 * reshape=False)} returns them: for MNIST and Fashion-MNIST 55,000 training, 5,000 validation (the
 * first 5,000 of the training file) and 10,000 test examples. An image folder ({@link
 * ImageFolderReader}) gives the same, with its class folders' names.
 *
 * @param classNames one name per class, in label order
 * @param skippedImages damaged images left out when the data was read (image folders read with
 *     {@link ImageFolderSpec#skipBadImages()}; 0 otherwise)
 */
public record DataSets(
    DataSplit train,
    DataSplit validation,
    DataSplit test,
    List<String> classNames,
    int skippedImages) {

  /** Copies {@code classNames}. */
  public DataSets {
    classNames = List.copyOf(classNames);
  }

  /** Splits read without skipping any image. */
  public DataSets(DataSplit train, DataSplit validation, DataSplit test, List<String> classNames) {
    this(train, validation, test, classNames, 0);
  }

  /** The shape of one image, {@code [height, width, channels]}. */
  public int[] imageShape() {
    return train.imageShape();
  }
}
