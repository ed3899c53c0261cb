package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.data.IdxTestFiles.gzip;
import static org.convnet4j.data.IdxTestFiles.idx;
import static org.convnet4j.data.IdxTestFiles.images;
import static org.convnet4j.data.IdxTestFiles.labels;
import static org.convnet4j.data.IdxTestFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  @Test
  void rawImageFileGivesHeaderSizesAndPixelsInFileOrder() throws IOException {
    Path file = write(dir.resolve("images"), images(3, 2, 4));

    IdxImages read = IdxReader.readImages(file);

    assertThat(read.count()).isEqualTo(3);
    assertThat(read.rows()).isEqualTo(2);
    assertThat(read.cols()).isEqualTo(4);
    // image 2, pixel 5: (2 * 7 + 5) % 256 = 19, at offset 2 * 8 + 5
    assertThat(read.pixels()).hasSize(24);
    assertThat(read.pixels()[21]).isEqualTo((byte) 19);
  }

  @Test
  void gzippedImageFileIsRecognisedByItsMagicBytesNotItsName() throws IOException {
    byte[] raw = images(3, 2, 4);
    Path gzippedWithoutSuffix = write(dir.resolve("images"), gzip(raw));
    Path rawWithGzSuffix = write(dir.resolve("images.gz"), raw);

    assertThat(IdxReader.readImages(gzippedWithoutSuffix).pixels())
        .isEqualTo(IdxReader.readImages(rawWithGzSuffix).pixels())
        .isEqualTo(Arrays.copyOfRange(raw, 16, raw.length));
  }

  @Test
  void rawAndGzippedLabelFilesGiveTheSameLabels() throws IOException {
    byte[] raw = labels(5, 0, 4, 1, 9);
    Path rawFile = write(dir.resolve("labels"), raw);
    Path gzippedFile = write(dir.resolve("labels.gz"), gzip(raw));

    assertThat(IdxReader.readLabels(rawFile, 10)).containsExactly(5, 0, 4, 1, 9);
    assertThat(IdxReader.readLabels(gzippedFile, 10)).containsExactly(5, 0, 4, 1, 9);
  }

  @Test
  void truncatedImageFileIsRejectedWithDeclaredAndActualLengths() throws IOException {
    byte[] whole = images(3, 2, 4);
    Path file = write(dir.resolve("images"), Arrays.copyOf(whole, whole.length - 5));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("3 images of 2x4 (24 bytes after the header) but only 19 follow");
  }

  @Test
  void truncatedLabelFileIsRejected() throws IOException {
    byte[] whole = labels(1, 2, 3);
    Path file = write(dir.resolve("labels"), Arrays.copyOf(whole, whole.length - 1));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("3 labels (3 bytes after the header) but only 2 follow");
  }

  @Test
  void fileEndingInsideTheHeaderIsRejected() throws IOException {
    Path file = write(dir.resolve("images"), Arrays.copyOf(images(3, 2, 4), 10));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("ends inside the header, before the row count");
  }

  @Test
  void truncatedGzippedFileIsRejected() throws IOException {
    byte[] gzipped = gzip(images(50, 28, 28));
    Path file = write(dir.resolve("images.gz"), Arrays.copyOf(gzipped, gzipped.length / 2));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt or truncated gzip data");
  }

  @Test
  void corruptGzippedDataIsRejected() throws IOException {
    byte[] gzipped = gzip(images(50, 28, 28));
    // keep the 10-byte gzip header, scramble the deflate stream after it
    for (int i = 10; i < gzipped.length; i++) {
      gzipped[i] = (byte) (gzipped[i] ^ 0x5a);
    }
    Path file = write(dir.resolve("images.gz"), gzipped);

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt or truncated gzip data");
  }

  @Test
  void fileLongerThanItsHeaderSaysIsRejected() throws IOException {
    byte[] whole = images(3, 2, 4);
    Path file = write(dir.resolve("images"), Arrays.copyOf(whole, whole.length + 1));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("more data than the header declares");
  }

  @Test
  void labelFileReadAsImagesIsRejectedForItsMagicNumber() throws IOException {
    Path file = write(dir.resolve("labels"), labels(1, 2, 3));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not an IDX images file: magic number is 2049, expected 2051");
  }

  @Test
  void imageFileReadAsLabelsIsRejectedForItsMagicNumber() throws IOException {
    Path file = write(dir.resolve("images"), images(3, 2, 4));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not an IDX labels file: magic number is 2051, expected 2049");
  }

  @Test
  void negativeCountInHeaderIsRejected() throws IOException {
    Path file =
        write(dir.resolve("labels"), idx(IdxReader.LABELS_MAGIC, new int[] {-1}, new byte[0]));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("label count is negative (-1)");
  }

  @Test
  void labelOutsideTheClassRangeIsRejectedWithItsIndex() throws IOException {
    Path file = write(dir.resolve("labels"), labels(3, 9, 10, 2));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("label 10 at index 2 is outside the 10 classes 0..9");
  }

  @Test
  void missingFileIsAnIoExceptionNamingIt() {
    Path file = dir.resolve("absent");

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }
}
