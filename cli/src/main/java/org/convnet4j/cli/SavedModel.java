package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.cli.images.MnistStyleImage;
import org.convnet4j.data.DataSets;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.Checkpoint;

/**
 * A trained model read from a checkpoint, for the commands that use one: eval, predict and
 * visualize.
 *
 * @param checkpoint the checkpoint it came from
 */
record SavedModel(Checkpoint checkpoint) {

  /**
   * Reads the checkpoint {@code path}, or the {@value Checkpoint#FILE_NAME} in it if it is a run
   * folder.
   *
   * @throws IOException if there is no such file, or it is not a sound checkpoint
   */
  static SavedModel load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(Checkpoint.FILE_NAME) : path;
    return new SavedModel(Checkpoint.load(file));
  }

  Sequential model() {
    return checkpoint.model();
  }

  /** The names of the classes of the data set the model was trained on. */
  List<String> classNames() {
    return checkpoint.config().dataset().classNames();
  }

  /** How pictures are framed to look like the images the model was trained on. */
  MnistStyleImage.Framing framing() {
    return MnistStyleImage.Framing.of(checkpoint.config().dataset());
  }

  /** The data set the model was trained on, from {@code dataDir} or where training found it. */
  DataSets data(Backend backend, Path dataDir) throws IOException {
    return backend.load(
        checkpoint.config().dataset(), dataDir != null ? dataDir : checkpoint.config().dataDir());
  }

  /**
   * The model's logits for one {@code [h, w, c]} image.
   *
   * @throws IllegalArgumentException if the image's shape is not the model's input shape
   */
  Tensor logits(Tensor image) {
    return model().forward(batchOfOne(image), false);
  }

  /** {@code [h, w, c]} as a batch {@code [1, h, w, c]}. */
  static Tensor batchOfOne(Tensor image) {
    int[] shape = image.shape();
    int[] batch = new int[shape.length + 1];
    batch[0] = 1;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    return image.reshape(batch);
  }

  /** {@code [1, h, w, c]} as its one image {@code [h, w, c]}. */
  static Tensor firstOfBatch(Tensor batch) {
    int[] shape = batch.shape();
    return batch.reshape(Arrays.copyOfRange(shape, 1, shape.length));
  }
}
