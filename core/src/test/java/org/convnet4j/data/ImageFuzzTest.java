package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged images, made by truncating valid files and flipping their bytes (seeded): every case ends
 * in pixels or in a one-line {@link BadImageException} naming the file, never in another exception,
 * a hang or an {@link OutOfMemoryError}. Half the flips land in the first 64 bytes, where the
 * headers' dimensions are.
 */
class ImageFuzzTest {

  private static final int CASES_PER_FORMAT = 150;

  @TempDir Path dir;

  /** A damaged copy of {@code valid}: truncated, bytes flipped, or both. */
  static byte[] damage(byte[] valid, SplittableRandom random) {
    int kind = random.nextInt(3);
    byte[] bytes = valid.clone();
    if (kind != 0) {
      int flips = 1 + random.nextInt(8);
      for (int f = 0; f < flips; f++) {
        int at =
            random.nextBoolean()
                ? random.nextInt(Math.min(64, bytes.length))
                : random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 + random.nextInt(255));
      }
    }
    if (kind != 1) {
      bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpeg", "bmp", "gif"})
  void damagedFilesGivePixelsOrAOneLineErrorNamingTheFile(String format) throws IOException {
    byte[] valid = TestImages.encode(TestImages.pattern(23, 17), format);
    SplittableRandom random = new SplittableRandom(format.hashCode());
    int errors = 0;
    for (int n = 0; n < CASES_PER_FORMAT; n++) {
      Path file = dir.resolve("case-%03d.%s".formatted(n, format));
      byte[] damaged = damage(valid, random);
      Files.write(file, damaged);
      Outcome outcome =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20), () -> decode(file), "case " + n + " hung");
      if (outcome.error() != null) {
        errors++;
        assertThat(outcome.error().getMessage())
            .as("case %d", n)
            .startsWith(file + ": ")
            .doesNotContain("\n");
        assertThat(outcome.error().file()).isEqualTo(file);
      } else {
        assertThat(outcome.image().shape()).containsExactly(8, 8, 3);
        for (float v : outcome.image().toFloatArray()) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
    }
    // most damage is caught, whatever the format (a flip in pixel data can leave a valid image)
    assertThat(errors).isGreaterThan(CASES_PER_FORMAT / 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "gif", "bmp", "jpeg"})
  void truncatedFilesAreAlwaysErrors(String format) throws IOException {
    byte[] valid = TestImages.encode(TestImages.pattern(23, 17), format);
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 40; n++) {
      // anywhere, and in every fourth case within the last 24 bytes (checksums, end markers)
      int length =
          n % 4 == 0 ? valid.length - 1 - random.nextInt(24) : random.nextInt(valid.length - 1);
      Path file = dir.resolve("cut-%03d.%s".formatted(n, format));
      Files.write(file, Arrays.copyOf(valid, length));
      Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> decode(file));
      assertThat(outcome.error())
          .as("%s cut at %d of %d", format, length, valid.length)
          .isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void aFolderOfDamagedImagesIsReadWithTheBadOnesSkippedAndCounted(int seed) throws IOException {
    Path data = dir.resolve("data");
    SplittableRandom random = new SplittableRandom(seed);
    String[] formats = {"png", "jpeg", "bmp", "gif"};
    int files = 0;
    for (String label : new String[] {"a", "b"}) {
      for (int n = 0; n < 24; n++) {
        String format = formats[n % 4];
        byte[] valid = TestImages.encode(TestImages.pattern(11 + n, 9), format);
        byte[] bytes = n % 3 == 0 ? valid : damage(valid, random);
        Path file = data.resolve(label).resolve("%02d.%s".formatted(n, format));
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        files++;
      }
    }
    Path cache = dir.resolve("cache");
    ImageFolderSpec spec =
        ImageFolderSpec.defaults().withImageSize(8, 8).withChannels(3).withSkipBadImages(true);

    ImageFolderData read =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> ImageFolderReader.read(data, spec, seed, cache, line -> {}));

    DataSets sets = read.data();
    int kept = sets.train().size() + sets.validation().size() + sets.test().size();
    assertThat(kept + sets.skippedImages()).isEqualTo(files);
    assertThat(read.skipped())
        .hasSize(sets.skippedImages())
        .allMatch(m -> m.startsWith(data.toString()) && !m.contains("\n"));
    assertThat(sets.skippedImages()).isPositive();
  }

  private record Outcome(Tensor image, BadImageException error) {}

  private static Outcome decode(Path file) {
    try {
      return new Outcome(ImageFolderReader.readImage(file, 8, 8, 3), null);
    } catch (BadImageException e) {
      return new Outcome(null, e);
    } catch (Throwable t) {
      return fail("%s: %s instead of a BadImageException".formatted(file, t), t);
    }
  }
}
