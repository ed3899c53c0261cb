package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.convnet4j.data.IdxTestFiles.gzip;
import static org.convnet4j.data.IdxTestFiles.images;
import static org.convnet4j.data.IdxTestFiles.labels;
import static org.convnet4j.data.IdxTestFiles.pixel;
import static org.convnet4j.data.IdxTestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

  @TempDir Path dir;

  @Test
  void firstImagesOfTheTrainingFileBecomeTheValidationSplit() throws IOException {
    IdxTestFiles.writeDataSet(dir, 10, 4, 2, 3);

    DataSets sets = DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3);

    assertThat(sets.validation().size()).isEqualTo(3);
    assertThat(sets.train().size()).isEqualTo(7);
    assertThat(sets.test().size()).isEqualTo(4);
    // cyclic labels: validation holds file examples 0..2, training 3..9
    assertThat(sets.validation().labelOf(0)).isEqualTo(0);
    assertThat(sets.train().labelOf(0)).isEqualTo(3);
    assertThat(sets.train().labelOf(6)).isEqualTo(9);
    // training example 0 is file image 3; its pixel (row 1, col 2) is pixel 5 of 6
    assertThat(sets.train().images().get(0, 1, 2, 0)).isCloseTo(pixel(3, 5) / 255f, within(1e-7f));
    assertThat(sets.train().images().shape()).containsExactly(7, 2, 3, 1);
    assertThat(sets.classNames()).isEqualTo(Dataset.MNIST.classNames());
  }

  @Test
  void loadFromADataDirectorySetsAsideTheFirst5000ForValidation() throws IOException {
    IdxTestFiles.writeDataSet(dir, DatasetLoader.VALIDATION_SIZE + 7, 3, 2, 2);

    DataSets sets = DatasetLoader.load(Dataset.FASHION_MNIST, dir);

    assertThat(sets.validation().size()).isEqualTo(5000);
    assertThat(sets.train().size()).isEqualTo(7);
    assertThat(sets.test().size()).isEqualTo(3);
    assertThat(sets.train().labelOf(0)).isEqualTo(5000 % 10);
    assertThat(sets.classNames()).first().isEqualTo("T-shirt/top");
  }

  @Test
  void dataDirectoryMayMixRawAndGzippedFiles() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(5, 2, 2)));
    write(dir.resolve("train-labels-idx1-ubyte"), labels(1, 2, 3, 4, 5));
    write(dir.resolve("t10k-images-idx3-ubyte"), images(2, 2, 2));
    write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(7, 8)));

    DataSets sets = DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 2);

    assertThat(sets.train().labelOf(0)).isEqualTo(3);
    assertThat(sets.test().labelOf(1)).isEqualTo(8);
  }

  @Test
  void missingFilesAreNamedWithTheDirectoryInOneMessage() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte"), images(5, 2, 2));
    write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(7, 8)));

    assertThatThrownBy(() -> DatasetLoader.load(Dataset.MNIST, dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("lacks train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz]");
  }

  @Test
  void dataDirectoryThatDoesNotExistIsNamed() {
    Path absent = dir.resolve("absent");

    assertThatThrownBy(() -> DatasetLoader.load(Dataset.MNIST, absent))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(absent + " does not exist");
  }

  @Test
  void imageAndLabelCountsThatDifferNameBothFiles() throws IOException {
    IdxTestFiles.writeDataSet(dir, 10, 4, 2, 2);
    write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2, 3));

    assertThatThrownBy(() -> DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3))
        .hasMessageContaining(
            "%s holds 4 images but %s holds 3 labels"
                .formatted(
                    dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte")));
  }

  @Test
  void trainingFileNoLargerThanTheValidationSplitIsRejected() throws IOException {
    IdxTestFiles.writeDataSet(dir, 3, 4, 2, 2);

    assertThatThrownBy(() -> DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3))
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte").toString())
        .hasMessageContaining("3 images, but the first 3 are set aside for validation");
  }

  @Test
  void testImagesOfAnotherSizeThanTrainingImagesAreRejected() throws IOException {
    IdxTestFiles.writeDataSet(dir, 10, 4, 2, 2);
    write(dir.resolve("t10k-images-idx3-ubyte"), images(4, 3, 2));

    assertThatThrownBy(() -> DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3))
        .hasMessageContaining("images are 3x2, but those of")
        .hasMessageContaining("are 2x2");
  }

  @Test
  void emptyTestFileIsRejected() throws IOException {
    IdxTestFiles.writeDataSet(dir, 10, 4, 2, 2);
    write(dir.resolve("t10k-images-idx3-ubyte"), images(0, 2, 2));
    write(dir.resolve("t10k-labels-idx1-ubyte"), labels());

    assertThatThrownBy(() -> DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3))
        .hasMessageContaining("t10k-images-idx3-ubyte: holds no images");
  }

  @Test
  void cacheDirectoryComesFromTheSystemPropertyWhenSet() {
    String previous = System.getProperty("convnet4j.cache");
    try {
      System.setProperty("convnet4j.cache", dir.toString());
      assertThat(DatasetLoader.defaultCacheDir()).isEqualTo(dir);
    } finally {
      if (previous == null) {
        System.clearProperty("convnet4j.cache");
      } else {
        System.setProperty("convnet4j.cache", previous);
      }
    }
  }

  @Test
  void cacheDirectoryDefaultsToDatasetsUnderConvnet4jInTheHomeDirectory() {
    String previous = System.getProperty("convnet4j.cache");
    try {
      System.clearProperty("convnet4j.cache");
      Path expected =
          System.getenv("CONVNET4J_CACHE") != null
              ? Path.of(System.getenv("CONVNET4J_CACHE"))
              : Path.of(System.getProperty("user.home"), ".convnet4j", "datasets");
      assertThat(DatasetLoader.defaultCacheDir()).isEqualTo(expected);
    } finally {
      if (previous != null) {
        System.setProperty("convnet4j.cache", previous);
      }
    }
  }

  @Test
  void loadingLeavesTheUsersFilesUntouched() throws IOException {
    IdxTestFiles.writeDataSet(dir, 10, 4, 2, 2);
    byte[] before = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));

    DatasetLoader.read(DataFiles.inDirectory(dir), Dataset.MNIST, 3);

    assertThat(Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"))).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(4);
    }
  }
}
