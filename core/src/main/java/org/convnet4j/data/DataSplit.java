package org.convnet4j.data;

import java.util.Arrays;
import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;

/**
 * An immutable set of labelled images: one contiguous array of images {@code [n, height, width,
 * channels]} with values in {@code [0, 1]}, and a class index per image.
 *
 * <p>A split read from IDX files keeps the file's bytes, a quarter of the memory of floats (MNIST's
 * training split: 43 MB against 173 MB), and scales them as batches and slices are taken, with the
 * same arithmetic as TensorFlow's loader.
 */
public final class DataSplit {

  /**
   * TensorFlow scales pixels with {@code numpy.multiply(images, 1.0 / 255.0)} on a float32 array:
   * each pixel times the float32 nearest 1/255, rounded to float32. This is the same arithmetic.
   */
  private static final float PIXEL_SCALE = 1.0f / 255.0f;

  // The images: either floats, or unsigned bytes to be scaled by PIXEL_SCALE (IDX files). One of
  // the two is null.
  private final Tensor images;
  private final byte[] bytes;
  private final int[] imageShape;
  private final int[] labels;
  private final int numClasses;
  private final Tensor oneHotLabels;

  private DataSplit(Tensor images, byte[] bytes, int[] imageShape, int[] labels, int numClasses) {
    this.images = images;
    this.bytes = bytes;
    this.imageShape = imageShape;
    this.labels = labels;
    this.numClasses = numClasses;
    this.oneHotLabels = oneHot(labels, numClasses);
  }

  private DataSplit(Tensor images, int[] labels, int numClasses) {
    this(images, null, Arrays.copyOfRange(images.shape(), 1, 4), labels, numClasses);
  }

  /**
   * A split of the given images and class indices.
   *
   * @param images {@code [n, height, width, channels]}
   * @param labels {@code n} class indices, each in {@code [0, numClasses)}; copied
   * @throws IllegalArgumentException if the shapes disagree or a label is out of range
   */
  public static DataSplit of(Tensor images, int[] labels, int numClasses) {
    if (images.rank() != 4) {
      throw new IllegalArgumentException(
          "DataSplit.of: images must be [n, height, width, channels], got shape %s"
              .formatted(Arrays.toString(images.shape())));
    }
    if (labels.length != images.dim(0)) {
      throw new IllegalArgumentException(
          "DataSplit.of: %d images but %d labels".formatted(images.dim(0), labels.length));
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(
          "DataSplit.of: numClasses must be at least 1, got " + numClasses);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "DataSplit.of: label %d at index %d is outside 0..%d"
                .formatted(labels[i], i, numClasses - 1));
      }
    }
    return new DataSplit(images, labels.clone(), numClasses);
  }

  /**
   * Images {@code [from, to)} of an IDX image file, scaled to {@code [0, 1]} as {@code [n, rows,
   * cols, 1]}, with their labels. The labels must be checked already.
   */
  static DataSplit fromIdx(IdxImages idx, int[] labels, int from, int to, int numClasses) {
    int pixels = idx.pixelsPerImage();
    byte[] bytes = Arrays.copyOfRange(idx.pixels(), from * pixels, to * pixels);
    return new DataSplit(
        null,
        bytes,
        new int[] {idx.rows(), idx.cols(), 1},
        Arrays.copyOfRange(labels, from, to),
        numClasses);
  }

  /** The number of examples. */
  public int size() {
    return labels.length;
  }

  /** The number of classes, the width of the one-hot labels. */
  public int numClasses() {
    return numClasses;
  }

  /**
   * All images, {@code [n, height, width, channels]}: the same tensor on every call, except for a
   * split read from IDX files, which makes it from its bytes on each call (a copy of the whole
   * split in floats; batches and slices need none).
   */
  public Tensor images() {
    return images != null ? images : toFloats(0, labels.length);
  }

  /** The shape of one image, {@code [height, width, channels]}. */
  public int[] imageShape() {
    return imageShape.clone();
  }

  /** All labels one-hot, {@code [n, numClasses]}; the same tensor on every call. */
  public Tensor labels() {
    return oneHotLabels;
  }

  /** The class index of example {@code i}. */
  public int labelOf(int i) {
    return labels[i];
  }

  /**
   * Examples {@code [from, to)} as a split of their own (a copy).
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code [0, size()]} or is empty
   */
  public DataSplit slice(int from, int to) {
    checkRange(from, to);
    int pixels = pixelsPerImage();
    int[] sliceLabels = Arrays.copyOfRange(labels, from, to);
    if (bytes != null) {
      return new DataSplit(
          null,
          Arrays.copyOfRange(bytes, from * pixels, to * pixels),
          imageShape,
          sliceLabels,
          numClasses);
    }
    float[] data = Arrays.copyOfRange(TensorAccess.data(images), from * pixels, to * pixels);
    return new DataSplit(TensorAccess.wrap(data, batchShape(to - from)), sliceLabels, numClasses);
  }

  /**
   * Examples {@code [from, to)} in order, as one batch: for evaluation, where order does not matter
   * and every example must be seen once.
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code [0, size()]} or is empty
   */
  public Batch batch(int from, int to) {
    checkRange(from, to);
    int pixels = pixelsPerImage();
    float[] batchLabels =
        Arrays.copyOfRange(TensorAccess.data(oneHotLabels), from * numClasses, to * numClasses);
    Tensor batchImages =
        bytes != null
            ? toFloats(from, to)
            : TensorAccess.wrap(
                Arrays.copyOfRange(TensorAccess.data(images), from * pixels, to * pixels),
                batchShape(to - from));
    return new Batch(batchImages, TensorAccess.wrap(batchLabels, to - from, numClasses));
  }

  /** The examples at {@code indices[from .. from + count)}, in that order, as one batch. */
  Batch gather(int[] indices, int from, int count) {
    int pixels = pixelsPerImage();
    float[] sourceLabels = TensorAccess.data(oneHotLabels);
    float[] batchImages = new float[count * pixels];
    float[] batchLabels = new float[count * numClasses];
    for (int b = 0; b < count; b++) {
      int example = indices[from + b];
      if (bytes != null) {
        scale(bytes, example * pixels, batchImages, b * pixels, pixels);
      } else {
        System.arraycopy(
            TensorAccess.data(images), example * pixels, batchImages, b * pixels, pixels);
      }
      System.arraycopy(sourceLabels, example * numClasses, batchLabels, b * numClasses, numClasses);
    }
    return new Batch(
        TensorAccess.wrap(batchImages, batchShape(count)),
        TensorAccess.wrap(batchLabels, count, numClasses));
  }

  // Images [from, to) of a byte split, scaled, as [to - from, height, width, channels].
  private Tensor toFloats(int from, int to) {
    int pixels = pixelsPerImage();
    float[] data = new float[(to - from) * pixels];
    scale(bytes, from * pixels, data, 0, data.length);
    return TensorAccess.wrap(data, batchShape(to - from));
  }

  private static void scale(byte[] source, int sourceFrom, float[] target, int targetFrom, int n) {
    for (int i = 0; i < n; i++) {
      target[targetFrom + i] = Byte.toUnsignedInt(source[sourceFrom + i]) * PIXEL_SCALE;
    }
  }

  private int[] batchShape(int n) {
    return new int[] {n, imageShape[0], imageShape[1], imageShape[2]};
  }

  private int pixelsPerImage() {
    return imageShape[0] * imageShape[1] * imageShape[2];
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > labels.length || from >= to) {
      throw new IndexOutOfBoundsException(
          "DataSplit: range [%d, %d) is empty or outside the %d examples"
              .formatted(from, to, labels.length));
    }
  }

  private static Tensor oneHot(int[] labels, int numClasses) {
    float[] data = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      data[i * numClasses + labels[i]] = 1f;
    }
    return TensorAccess.wrap(data, labels.length, numClasses);
  }
}
