package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.cli.images.MnistStyleImage;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.Checkpoint;
import org.convnet4j.train.TrainingConfig;

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

  /** The names of the classes the model was trained on: the data set's or the class folders'. */
  List<String> classNames() {
    return checkpoint.config().classNames();
  }

  /**
   * The data the model was trained on, read again: the data set from {@code dataDir} or where
   * training found it, or the image folder ({@code dataDir}, or the one training read) with the
   * same size, channels, held-out images and classes.
   */
  DataSets data(Backend backend, Path dataDir) throws IOException {
    TrainingConfig config = checkpoint.config();
    if (dataDir != null) {
      config =
          config.imageFolder() != null
              ? config.withImageFolder(dataDir, config.imageFolder())
              : config.withDataDir(dataDir);
    }
    return backend.load(config);
  }

  /**
   * A picture as the model's input {@code [h, w, c]}: for a model trained on an image folder,
   * converted to its channels and resized to its image size as training did; for MNIST and
   * Fashion-MNIST, made to look like their images ({@link MnistStyleImage}).
   *
   * @throws IOException if the file cannot be read or decoded
   * @throws IllegalArgumentException if an MNIST-style model does not take 28x28x1 images
   */
  Tensor image(Path file) throws IOException {
    TrainingConfig config = checkpoint.config();
    ImageFolderSpec folder = config.imageFolder();
    if (folder != null) {
      return ImageFolderReader.readImage(file, folder.height(), folder.width(), folder.channels());
    }
    int[] expected = {MnistStyleImage.SIZE, MnistStyleImage.SIZE, 1};
    if (!Arrays.equals(model().inputShape(), expected)) {
      throw new IllegalArgumentException(
          "the model takes %s images; pictures are turned into 28x28x1 MNIST-style input"
              .formatted(Arrays.toString(model().inputShape())));
    }
    return MnistStyleImage.load(file, MnistStyleImage.Framing.of(config.dataset()));
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
