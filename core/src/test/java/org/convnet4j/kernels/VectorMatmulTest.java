package org.convnet4j.kernels;

import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.REFERENCE;
import static org.convnet4j.kernels.Fixtures.assertClose;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector GEMM against {@link ReferenceKernels#matmul}, for every transpose combination. */
class VectorMatmulTest {

  // m, n, k: sizes of 1, primes, vector-width misfits, and sizes spanning several GEMM tiles
  // (288 rows, 256 columns) and shared-dimension blocks (256); the last two, transposeA alone,
  // are an Aᵀ · B taken by TransposedProduct with partial blocks of rows and of columns,
  // over two tasks, the second at its longest shared dimension.
  private static final int[][] SIZES = {
    {1, 1, 1},
    {7, 17, 33},
    {12, 32, 5},
    {13, 64, 800},
    {129, 31, 257},
    {300, 257, 513},
    {1, 1024, 300},
    {3, 5, 0},
    {100, 70, 128},
    {101, 45, 512}
  };

  static Stream<Arguments> cases() {
    return Stream.of(SIZES)
        .flatMap(
            s ->
                Stream.of(false, true)
                    .flatMap(
                        ta ->
                            Stream.of(false, true)
                                .map(tb -> Arguments.of(s[0], s[1], s[2], ta, tb))));
  }

  @ParameterizedTest(name = "m={0} n={1} k={2} transposeA={3} transposeB={4}")
  @MethodSource("cases")
  void matmulMatchesReference(int m, int n, int k, boolean transposeA, boolean transposeB) {
    SplittableRandom random = new SplittableRandom(31L * m + 17L * n + k);
    float[] a = random(random, m * k);
    float[] b = random(random, k * n);
    assertMatmulMatchesReference(a, transposeA, b, transposeB, m, n, k, "matmul");
  }

  @ParameterizedTest(name = "m={0} n={1} k={2} transposeA={3} transposeB={4}")
  @MethodSource("cases")
  void fusedBiasReluMatchesReference(int m, int n, int k, boolean transposeA, boolean transposeB) {
    SplittableRandom random = new SplittableRandom(31L * m + 17L * n + k + 1);
    float[] a = random(random, m * k);
    float[] b = random(random, k * n);
    float[] bias = random(random, n);
    float[] expected = new float[m * n];
    float[] actual = new float[m * n];
    REFERENCE.matmulBiasRelu(a, transposeA, b, transposeB, bias, true, expected, m, n, k);
    FAST.matmulBiasRelu(a, transposeA, b, transposeB, bias, true, actual, m, n, k);
    assertClose(expected, actual, k + 1, "matmulBiasRelu");
  }

  // A left operand as a ReLU leaves it, most of it exactly zero: the few-row product skips the rows
  // of B those zeros would weigh (m = 1 and 5); the blocked GEMM (m = 40) must agree as well.
  @ParameterizedTest(name = "m={0} transposeA={1}")
  @MethodSource("sparseCases")
  void zerosInTheLeftOperandMatchReference(int m, boolean transposeA) {
    int n = 70;
    int k = 300;
    SplittableRandom random = new SplittableRandom(7L * m);
    float[] a = random(random, m * k);
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.max(0f, a[i] - 0.5f);
    }
    float[] b = random(random, k * n);
    assertMatmulMatchesReference(
        a, transposeA, b, false, m, n, k, "matmul with a sparse left operand");
  }

  static Stream<Arguments> sparseCases() {
    return Stream.of(1, 5, 40)
        .flatMap(m -> Stream.of(false, true).map(ta -> Arguments.of(m, ta)));
  }

  private static void assertMatmulMatchesReference(
      float[] a, boolean transposeA, float[] b, boolean transposeB, int m, int n, int k,
      String what) {
    float[] expected = new float[m * n];
    float[] actual = new float[m * n];
    REFERENCE.matmul(a, transposeA, b, transposeB, expected, m, n, k);
    FAST.matmul(a, transposeA, b, transposeB, actual, m, n, k);
    assertClose(expected, actual, k, what);
  }
}
