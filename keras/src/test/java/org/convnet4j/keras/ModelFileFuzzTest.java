package org.convnet4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged model files: valid ones truncated, or with a few bytes flipped, hundreds of times with a
 * seeded random source. Each case either still reads as a model (a flipped byte inside a name) or
 * fails with a {@link ModelFileException} whose message is one line naming the file; never another
 * exception, never a hang.
 */
class ModelFileFuzzTest {

  private static final int CASES_PER_FILE = 150;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tutorial-mnist.json",
        "keras-cifar10-cnn.json",
        "vgg-bn-cifar.json",
        "keras3-small-cnn.json",
        "keras2-first-layer-shape.json"
      })
  void damagedFilesFailWithOneLineNamingTheFile(String name) {
    byte[] valid = ModelFiles.resource(name);
    SplittableRandom random = new SplittableRandom(name.hashCode());
    int[] outcomes = new int[2]; // read, refused
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < CASES_PER_FILE; i++) {
            byte[] damaged = damage(valid, random);
            String source = name + " (case " + i + ")";
            try {
              KerasModelFile.parse(damaged, source).inputShape();
              outcomes[0]++;
            } catch (ModelFileException e) {
              assertThat(e.getMessage())
                  .startsWith("model file " + source + ": ")
                  .doesNotContain("\n");
              outcomes[1]++;
            } catch (RuntimeException | Error e) {
              fail(
                  "case %d of %s: %s instead of a ModelFileException; file: %s"
                      .formatted(
                          i, name, e, new String(damaged, java.nio.charset.StandardCharsets.UTF_8)),
                  e);
            }
          }
        });
    // Most damage must be caught; a file that reads anyway changed only a name or a number.
    assertThat(outcomes[1]).isGreaterThan(CASES_PER_FILE / 2);
  }

  /** Half the cases cut the file short, the others flip one to four bytes. */
  private static byte[] damage(byte[] valid, SplittableRandom random) {
    if (random.nextBoolean()) {
      return Arrays.copyOf(valid, random.nextInt(valid.length));
    }
    byte[] damaged = valid.clone();
    int flips = 1 + random.nextInt(4);
    for (int f = 0; f < flips; f++) {
      int at = random.nextInt(damaged.length);
      damaged[at] ^= (byte) (1 + random.nextInt(255));
    }
    return damaged;
  }
}
