package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Transpose16} against the transposition written as two loops. */
class Transpose16Test {

  @ParameterizedTest(name = "source at {0}, stride {1}; destination at {2}, stride {3}")
  @CsvSource({"0, 16, 0, 16", "3, 17, 5, 32", "12, 1024, 12, 32", "1, 37, 0, 19"})
  void movesEachFloatToTheMirroredPlace(int srcOffset, int srcStride, int dstOffset, int dstStride) {
    assumeTrue(Transpose16.APPLIES, "vectors of 16 floats");
    SplittableRandom random = new SplittableRandom(srcStride * 31L + dstStride);
    float[] src = new float[srcOffset + 15 * srcStride + 16];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) random.nextDouble(-1, 1);
    }
    float[] expected = new float[dstOffset + 15 * dstStride + 16];
    float[] actual = expected.clone();
    for (int r = 0; r < 16; r++) {
      for (int q = 0; q < 16; q++) {
        expected[dstOffset + q * dstStride + r] = src[srcOffset + r * srcStride + q];
      }
    }

    Transpose16.transpose(src, srcOffset, srcStride, actual, dstOffset, dstStride);

    assertThat(actual).containsExactly(expected);
  }
}
