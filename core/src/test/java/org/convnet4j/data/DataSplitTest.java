package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;

class DataSplitTest {

  /** Four 1x2 images holding bytes 0, 255, 51, 128, ... and their labels, read from IDX. */
  private static DataSplit fourImages() {
    byte[] pixels = {0, (byte) 255, 51, (byte) 128, 1, 2, 3, 4};
    return DataSplit.fromIdx(new IdxImages(4, 1, 2, pixels), new int[] {2, 0, 1, 2}, 0, 4, 3);
  }

  @Test
  void idxPixelsAreScaledToTheUnitIntervalByOneOver255() {
    Tensor images = fourImages().images();

    assertThat(images.shape()).containsExactly(4, 1, 2, 1);
    assertThat(images.get(0, 0, 0, 0)).isEqualTo(0f);
    assertThat(images.get(0, 0, 1, 0)).isCloseTo(1f, within(1e-7f));
    assertThat(images.get(1, 0, 0, 0)).isCloseTo(0.2f, within(1e-7f)); // 51 / 255
    assertThat(images.get(1, 0, 1, 0)).isCloseTo(0.50196f, within(1e-5f)); // 128 / 255
  }

  @Test
  void labelsAreOneHotRowsOfTheClassIndex() {
    DataSplit split = fourImages();

    assertThat(split.labels().shape()).containsExactly(4, 3);
    assertThat(split.labels().toFloatArray())
        .containsExactly(
            0, 0, 1, //
            1, 0, 0, //
            0, 1, 0, //
            0, 0, 1);
    assertThat(split.labelOf(0)).isEqualTo(2);
    assertThat(split.numClasses()).isEqualTo(3);
  }

  @Test
  void fromIdxTakesTheRequestedRangeOfImagesAndLabels() {
    byte[] pixels = {10, 11, 20, 21, 30, 31};
    DataSplit split =
        DataSplit.fromIdx(new IdxImages(3, 1, 2, pixels), new int[] {0, 1, 2}, 1, 3, 3);

    assertThat(split.size()).isEqualTo(2);
    assertThat(split.labelOf(0)).isEqualTo(1);
    assertThat(split.images().get(0, 0, 0, 0)).isCloseTo(20 / 255f, within(1e-7f));
  }

  @Test
  void sliceCopiesTheRangeWithItsLabels() {
    DataSplit slice = fourImages().slice(1, 3);

    assertThat(slice.size()).isEqualTo(2);
    assertThat(slice.images().shape()).containsExactly(2, 1, 2, 1);
    assertThat(slice.images().get(0, 0, 0, 0)).isCloseTo(0.2f, within(1e-7f));
    assertThat(slice.labelOf(0)).isEqualTo(0);
    assertThat(slice.labelOf(1)).isEqualTo(1);
  }

  @Test
  void batchIsTheContiguousRangeInOrder() {
    DataSplit split = fourImages();

    Batch batch = split.batch(2, 4);

    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.images().toFloatArray())
        .containsExactly(split.slice(2, 4).images().toFloatArray());
    assertThat(batch.labels().toFloatArray()).containsExactly(0, 1, 0, 0, 0, 1);
  }

  @Test
  void sliceOutsideTheSplitIsRejected() {
    assertThatThrownBy(() -> fourImages().slice(3, 5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("[3, 5)")
        .hasMessageContaining("4 examples");
  }

  @Test
  void emptySliceIsRejected() {
    assertThatThrownBy(() -> fourImages().batch(2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("[2, 2) is empty");
  }

  @Test
  void ofKeepsImagesAndCopiesLabels() {
    int[] labels = {1, 0};
    DataSplit split = DataSplit.of(Tensor.zeros(2, 3, 3, 1), labels, 2);
    labels[0] = 0;

    assertThat(split.labelOf(0)).isEqualTo(1);
    assertThat(split.images().shape()).containsExactly(2, 3, 3, 1);
  }

  @Test
  void ofRejectsImagesThatAreNotRankFour() {
    assertThatThrownBy(() -> DataSplit.of(Tensor.zeros(2, 9), new int[] {0, 1}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[n, height, width, channels], got shape [2, 9]");
  }

  @Test
  void ofRejectsALabelCountThatDiffersFromTheImageCount() {
    assertThatThrownBy(() -> DataSplit.of(Tensor.zeros(2, 3, 3, 1), new int[] {0}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 images but 1 labels");
  }

  @Test
  void ofRejectsALabelOutsideTheClasses() {
    assertThatThrownBy(() -> DataSplit.of(Tensor.zeros(2, 3, 3, 1), new int[] {0, 2}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 2 at index 1 is outside 0..1");
  }

  @Test
  void idxBytesServeTheSameFloatsAsASplitOfScaledFloats() {
    // A 5x3x2x1 split from IDX bytes, and the same images scaled by hand into a float split:
    // batches, gathers and slices of the two must agree bit for bit (TensorFlow's x * (1/255f)).
    byte[] pixels = new byte[5 * 3 * 2];
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37);
      scaled[i] = Byte.toUnsignedInt(pixels[i]) * (1.0f / 255.0f);
    }
    int[] labels = {1, 0, 2, 2, 1};
    DataSplit fromBytes = DataSplit.fromIdx(new IdxImages(5, 3, 2, pixels), labels, 0, 5, 3);
    DataSplit fromFloats = DataSplit.of(Tensor.of(scaled, 5, 3, 2, 1), labels, 3);
    int[] order = {4, 1, 3, 0, 2};

    assertThat(fromBytes.imageShape()).containsExactly(3, 2, 1);
    assertThat(fromBytes.images().toFloatArray()).containsExactly(scaled);
    Batch gathered = fromBytes.gather(order, 1, 3);
    assertThat(gathered.images().shape()).containsExactly(3, 3, 2, 1);
    assertThat(gathered.images().toFloatArray())
        .containsExactly(fromFloats.gather(order, 1, 3).images().toFloatArray());
    assertThat(gathered.labels().toFloatArray())
        .containsExactly(fromFloats.gather(order, 1, 3).labels().toFloatArray());
    assertThat(fromBytes.batch(1, 4).images().toFloatArray())
        .containsExactly(fromFloats.batch(1, 4).images().toFloatArray());
    assertThat(fromBytes.batch(1, 4).labels().toFloatArray())
        .containsExactly(fromFloats.batch(1, 4).labels().toFloatArray());
    DataSplit slice = fromBytes.slice(2, 5);
    assertThat(slice.images().toFloatArray())
        .containsExactly(fromFloats.slice(2, 5).images().toFloatArray());
    assertThat(slice.batch(1, 2).images().toFloatArray())
        .containsExactly(fromFloats.batch(3, 4).images().toFloatArray());
    assertThat(slice.labelOf(0)).isEqualTo(2);
  }
}
