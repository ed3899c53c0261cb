package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Forward values of the ops, against hand arithmetic and against each other. */
class OpsForwardTest {

  private static final Tensor M = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void addBroadcastsABiasOverRows() {
    Tensor out = Ops.add(M, Tensor.of(new float[] {10, 20, 30}, 3));
    assertThat(out.shape()).containsExactly(2, 3);
    assertThat(out.toFloatArray()).containsExactly(11, 22, 33, 14, 25, 36);
  }

  @Test
  void subtractKeepsOperandOrderWhicheverSideBroadcasts() {
    assertThat(Ops.subtract(M, Tensor.scalar(1f)).toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Ops.subtract(Tensor.scalar(1f), M).toFloatArray())
        .containsExactly(0, -1, -2, -3, -4, -5);
    assertThat(Ops.subtract(Tensor.of(new float[] {1, 1, 1}, 3), M).toFloatArray())
        .containsExactly(0, -1, -2, -3, -4, -5);
  }

  @Test
  void multiplyBySingleElementOfAnyRank() {
    Tensor out = Ops.multiply(Tensor.of(new float[] {2}, 1), M);
    assertThat(out.shape()).containsExactly(2, 3);
    assertThat(out.toFloatArray()).containsExactly(2, 4, 6, 8, 10, 12);
  }

  @Test
  void biasAddAddsAlongTheLastAxis() {
    Tensor out = Ops.biasAdd(Tensor.zeros(1, 2, 2, 2), Tensor.of(new float[] {1, -1}, 2));
    assertThat(out.toFloatArray()).containsExactly(1, -1, 1, -1, 1, -1, 1, -1);
  }

  @Test
  void reluZeroesNegatives() {
    assertThat(Ops.relu(Tensor.of(new float[] {-1, 0, 2}, 3)).toFloatArray())
        .containsExactly(0, 0, 2);
  }

  @Test
  void sigmoidAndTanhAtKnownPoints() {
    // sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4; tanh(0) = 0, tanh(ln 2) = (4 - 1) / (4 + 1) = 3/5.
    Tensor x = Tensor.of(new float[] {0f, (float) Math.log(3), -(float) Math.log(3)}, 3);
    assertThat(Ops.sigmoid(x).toFloatArray())
        .containsExactly(new float[] {0.5f, 0.75f, 0.25f}, within(1e-7f));
    assertThat(Ops.tanh(Tensor.of(new float[] {0f, (float) Math.log(2)}, 2)).toFloatArray())
        .containsExactly(new float[] {0f, 0.6f}, within(1e-7f));
    // Far out they saturate instead of overflowing.
    assertThat(Ops.sigmoid(Tensor.of(new float[] {-1000f, 1000f}, 2)).toFloatArray())
        .containsExactly(0f, 1f);
  }

  @Test
  void globalPoolingByHand() {
    // Two 2x2 images of 2 channels, arange: image 0 channel 0 holds 0, 2, 4, 6 (mean 3, max 6),
    // channel 1 holds 1, 3, 5, 7; image 1 adds 8 to each.
    Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        2, 2, 2, 2);
    assertThat(Ops.globalAvgPool(x).shape()).containsExactly(2, 2);
    assertThat(Ops.globalAvgPool(x).toFloatArray()).containsExactly(3, 4, 11, 12);
    assertThat(Ops.globalMaxPool(x).toFloatArray()).containsExactly(6, 7, 14, 15);
  }

  @Test
  void matmulByHandWithEveryTranspose() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2);
    // [[1,2],[3,4]] . [[5,6],[7,8]] = [[19,22],[43,50]]
    assertThat(Ops.matmul(a, b).toFloatArray()).containsExactly(19, 22, 43, 50);
    // [[1,3],[2,4]] . [[5,6],[7,8]] = [[26,30],[38,44]]
    assertThat(Ops.matmul(a, b, true, false).toFloatArray()).containsExactly(26, 30, 38, 44);
    // [[1,2],[3,4]] . [[5,7],[6,8]] = [[17,23],[39,53]]
    assertThat(Ops.matmul(a, b, false, true).toFloatArray()).containsExactly(17, 23, 39, 53);
    // [[1,3],[2,4]] . [[5,7],[6,8]] = [[23,31],[34,46]]
    assertThat(Ops.matmul(a, b, true, true).toFloatArray()).containsExactly(23, 31, 34, 46);
  }

  @Test
  void matmulRectangular() {
    Tensor out = Ops.matmul(M, Tensor.of(new float[] {1, 0, 1}, 3, 1));
    assertThat(out.shape()).containsExactly(2, 1);
    assertThat(out.toFloatArray()).containsExactly(4, 10);
  }

  @Test
  void reshapeKeepsTheElementsAndInfersMinusOne() {
    Tensor out = Ops.reshape(M, -1, 2);
    assertThat(out.shape()).containsExactly(3, 2);
    assertThat(out.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void softmaxOfOneTwoThree() {
    // e^k / (e + e^2 + e^3) for k = 1, 2, 3
    assertThat(Ops.softmax(Tensor.of(new float[] {1, 2, 3}, 3)).toFloatArray())
        .containsExactly(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, within(1e-7f));
  }

  @Test
  void softmaxAndLogSoftmaxAreStableForHugeLogits() {
    Tensor big = Tensor.of(new float[] {1000, 1001, -1000, 0}, 2, 2);
    assertThat(Ops.softmax(big).toFloatArray())
        .containsExactly(new float[] {0.26894142f, 0.7310586f, 0f, 1f}, within(1e-7f));
    assertThat(Ops.logSoftmax(big).toFloatArray())
        .containsExactly(new float[] {-1.3132616f, -0.31326166f, -1000f, 0f}, within(1e-5f));
  }

  @Test
  void crossEntropyIsMinusLogOfTheTrueClassProbability() {
    Tensor labels = Tensor.of(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 1000, 0, -1000}, 2, 3);
    Tensor loss = Ops.softmaxCrossEntropyWithLogits(labels, logits);
    assertThat(loss.shape()).containsExactly(2);
    // -log(0.24472847) = 1.4076059; the second row's true class has logit -1000 against 1000
    assertThat(loss.toFloatArray()).containsExactly(new float[] {1.4076059f, 2000f}, within(1e-4f));
  }

  @Test
  void crossEntropyOfOneRowIsAScalar() {
    Tensor loss = Ops.softmaxCrossEntropyWithLogits(
        Tensor.of(new float[] {1, 0}, 2), Tensor.of(new float[] {0, 0}, 2));
    assertThat(loss.shape()).isEmpty();
    assertThat(loss.item()).isCloseTo((float) Math.log(2), within(1e-7f));
  }

  @Test
  void reductionsWholeAndByAxis() {
    assertThat(Ops.reduceSum(M).shape()).isEmpty();
    assertThat(Ops.reduceSum(M).item()).isEqualTo(21f);
    assertThat(Ops.reduceMean(M).item()).isEqualTo(3.5f);
    assertThat(Ops.reduceSum(M, 0).toFloatArray()).containsExactly(5, 7, 9);
    assertThat(Ops.reduceSum(M, 1).toFloatArray()).containsExactly(6, 15);
    assertThat(Ops.reduceMean(M, -1).toFloatArray()).containsExactly(2, 5);
    Tensor cube = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    assertThat(Ops.reduceSum(cube, 1).shape()).containsExactly(2, 2);
    assertThat(Ops.reduceSum(cube, 1).toFloatArray()).containsExactly(4, 6, 12, 14);
  }

  @Test
  void argmaxTakesTheFirstOfTies() {
    Tensor x = Tensor.of(new float[] {3, 7, 7, 9, 1, 0}, 2, 3);
    assertThat(Ops.argmax(x, 1).toFloatArray()).containsExactly(1, 0);
    assertThat(Ops.argmax(x, 0).toFloatArray()).containsExactly(1, 0, 0);
  }

  @Test
  void accuracyIsTheFractionOfMatchingArgmaxes() {
    Tensor logits = Tensor.of(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f}, 4, 2);
    Tensor labels = Tensor.of(new float[] {1, 0, 0, 1, 0, 1, 0, 1}, 4, 2);
    assertThat(Ops.accuracy(logits, labels).item()).isEqualTo(0.75f);
  }

  @Test
  void dropoutKeepsAboutKeepProbAndScalesWhatItKeeps() {
    Tensor x = Tensor.ones(100_000);
    float[] out = Ops.dropout(x, 0.25f, 42L).toFloatArray();
    int kept = 0;
    for (float v : out) {
      assertThat(v).isIn(0f, 4f);
      kept += v == 0f ? 0 : 1;
    }
    // Binomial(100000, 0.25): standard deviation 137, so 5 of them is 685.
    assertThat(kept).isBetween(25_000 - 685, 25_000 + 685);
  }

  @Test
  void dropoutKeepsAnElementExactlyWhenItsDrawIsBelowKeepProb() {
    float keepProb = 0.3f;
    // Draws on both sides of keepProb, and on it: the rule is draw < keepProb, as in TensorFlow.
    float[] draws = {0f, Math.nextDown(keepProb), keepProb, Math.nextUp(keepProb), 0.999f, 0.1f};
    RandomGenerator scripted =
        new RandomGenerator() {
          private int next;

          @Override
          public long nextLong() {
            throw new UnsupportedOperationException("dropout draws floats");
          }

          @Override
          public float nextFloat() {
            return draws[next++];
          }
        };
    Tensor x = Tensor.of(new float[] {3, 3, 3, 3, 3, -6}, 6);
    // Kept elements are scaled by 1 / 0.3f, dropped ones are 0.
    float k = 1f / keepProb;
    assertThat(Ops.dropout(x, keepProb, scripted).toFloatArray())
        .containsExactly(3 * k, 3 * k, 0, 0, 0, -6 * k);
  }

  @Test
  void dropoutIsReproducibleFromItsSeedAndTheIdentityAtKeepProbOne() {
    Tensor x = Tensor.randomUniform(1, -1f, 1f, 50);
    assertThat(Ops.dropout(x, 0.5f, 7L).toFloatArray())
        .containsExactly(Ops.dropout(x, 0.5f, 7L).toFloatArray());
    assertThat(Ops.dropout(x, 0.5f, 7L).toFloatArray())
        .isNotEqualTo(Ops.dropout(x, 0.5f, 8L).toFloatArray());
    assertThat(Ops.dropout(x, 1f, 7L)).isSameAs(x);
  }

  // A locally connected layer whose positions all hold the same weights is a convolution.
  @Test
  void locallyConnectedWithSharedWeightsEqualsConv2dPlusBias() {
    Tensor input = Tensor.randomUniform(1, -1f, 1f, 2, 5, 4, 3);
    Tensor filter = Tensor.randomUniform(2, -1f, 1f, 3, 2, 3, 4);
    Tensor bias = Tensor.randomUniform(3, -1f, 1f, 4);
    int[] strides = {1, 2, 1, 1};
    Tensor expected = Ops.biasAdd(Ops.conv2d(input, filter, strides, Padding.SAME), bias);
    int oh = expected.dim(1);
    int ow = expected.dim(2);
    int k = 3 * 2 * 3;
    float[] f = filter.toFloatArray(); // [kh, kw, cin, cout] is already [K, cout] row-major
    float[] kernel = new float[oh * ow * k * 4];
    float[] b = new float[oh * ow * 4];
    for (int p = 0; p < oh * ow; p++) {
      System.arraycopy(f, 0, kernel, p * k * 4, k * 4);
      System.arraycopy(bias.toFloatArray(), 0, b, p * 4, 4);
    }
    Tensor out = Ops.locallyConnected2d(input, Tensor.of(kernel, oh * ow, k, 4),
        Tensor.of(b, oh, ow, 4), new int[] {1, 3, 2, 1}, strides, Padding.SAME);
    assertThat(out.shape()).containsExactly(expected.shape());
    assertThat(out.toFloatArray()).containsExactly(expected.toFloatArray(), within(1e-5f));
  }

  @Test
  void opsReturnNewTensorsAndLeaveTheirInputsAlone() {
    float[] before = M.toFloatArray();
    Ops.relu(Ops.add(M, M));
    Ops.softmax(M);
    Ops.dropout(M, 0.5f, 1L);
    assertThat(M.toFloatArray()).containsExactly(before);
  }
}
