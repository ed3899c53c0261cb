package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convnet4j.ops.ConvOps;
import org.convnet4j.ops.MatrixOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every check of every op: it throws IllegalArgumentException naming the op and both sides. */
class BadInputTest {

  private static final int[] ONES = {1, 1, 1, 1};
  private static final int[] TWOS = {1, 2, 2, 1};
  private static final Tensor IMAGE = Tensor.ones(1, 10, 10, 3);
  private static final Tensor FILTER = Tensor.ones(5, 5, 3, 64);

  private static void fails(Executable call, String message) {
    assertThatThrownBy(call::execute)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  // conv2d

  @Test
  void conv2dInputChannelsMustMatchTheFilter() {
    fails(() -> Ops.conv2d(IMAGE, Tensor.ones(5, 5, 4, 64), TWOS, Padding.SAME),
        "conv2d: input has 3 channels but filter [5,5,4,64] expects 4");
  }

  @Test
  void conv2dInputMustBeRank4() {
    fails(() -> Ops.conv2d(Tensor.ones(10, 10, 3), FILTER, TWOS, Padding.SAME),
        "conv2d: input must be rank 4 [n, h, w, cin], got shape [10,10,3]");
  }

  @Test
  void conv2dFilterMustBeRank4() {
    fails(() -> Ops.conv2d(IMAGE, Tensor.ones(5, 5, 3), TWOS, Padding.SAME),
        "conv2d: filter must be rank 4 [kh, kw, cin, cout], got shape [5,5,3]");
  }

  @Test
  void conv2dStridesMustHaveFourElements() {
    fails(() -> Ops.conv2d(IMAGE, FILTER, new int[] {2, 2}, Padding.SAME),
        "conv2d: strides must have 4 elements [1, strideH, strideW, 1], got [2,2]");
  }

  @Test
  void conv2dBatchStrideMustBeOne() {
    fails(() -> Ops.conv2d(IMAGE, FILTER, new int[] {2, 2, 2, 1}, Padding.SAME),
        "conv2d: strides[0] (batch) and strides[3] (channels) must be 1, got [2,2,2,1]");
  }

  @Test
  void conv2dChannelStrideMustBeOne() {
    fails(() -> Ops.conv2d(IMAGE, FILTER, new int[] {1, 2, 2, 3}, Padding.SAME),
        "conv2d: strides[0] (batch) and strides[3] (channels) must be 1, got [1,2,2,3]");
  }

  @Test
  void conv2dStridesMustBePositive() {
    fails(() -> Ops.conv2d(IMAGE, FILTER, new int[] {1, 0, 2, 1}, Padding.SAME),
        "conv2d: strides must be at least 1, got [1,0,2,1]");
  }

  @Test
  void conv2dValidWindowMustFitTheInput() {
    fails(() -> Ops.conv2d(Tensor.ones(1, 4, 4, 3), FILTER, TWOS, Padding.VALID),
        "conv2d: VALID padding: window 5 is larger than input 4, so there is no output");
  }

  @Test
  void conv2dExplicitWindowMustFitThePaddedInput() {
    fails(() -> Ops.conv2d(Tensor.ones(1, 2, 2, 3), FILTER, TWOS, Padding.explicit(1)),
        "conv2d: explicit padding: window 5 is larger than padded input 4 (2 + 1 + 1)");
  }

  @Test
  void conv2dNullsAreNamed() {
    assertThatThrownBy(() -> Ops.conv2d(null, FILTER, TWOS, Padding.SAME))
        .hasMessage("conv2d: input is null");
    assertThatThrownBy(() -> Ops.conv2d(IMAGE, FILTER, TWOS, null))
        .hasMessage("conv2d: padding is null");
  }

  // locallyConnected2d

  @Test
  void locallyConnected2dKernelMustHoldEveryOutputPosition() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 32, 32, 3), Tensor.ones(100, 192, 20),
            Tensor.ones(14, 14, 20), TWOS, Padding.explicit(1)),
        "locallyConnected2d: input [1,32,32,3] with a 8x8 window gives a 14x14 output, so kernel"
            + " must be [196,192,20], got [100,192,20]");
  }

  @Test
  void locallyConnected2dBiasMustMatchTheOutput() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 4, 4, 1), Tensor.ones(4, 4, 2),
            Tensor.ones(2, 2, 3), TWOS, Padding.SAME),
        "locallyConnected2d: bias must be [2,2,2], got [2,2,3]");
  }

  @Test
  void locallyConnected2dKernelMustBeRank3() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 4, 4, 1), Tensor.ones(4, 4),
            Tensor.ones(2, 2, 2), TWOS, Padding.SAME),
        "locallyConnected2d: kernel must be rank 3 [oh*ow, kh*kw*cin, cout], got shape [4,4]");
  }

  @Test
  void locallyConnected2dBiasMustBeRank3() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 4, 4, 1), Tensor.ones(4, 4, 2),
            Tensor.ones(2), TWOS, Padding.SAME),
        "locallyConnected2d: bias must be rank 3 [oh, ow, cout], got shape [2]");
  }

  @Test
  void locallyConnected2dWithoutKsizeNeedsASquareWindow() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 4, 4, 2), Tensor.ones(4, 12, 2),
            Tensor.ones(2, 2, 2), TWOS, Padding.SAME),
        "locallyConnected2d: kernel [4,12,2] does not hold a square window over 2 input channels"
            + " (kh*kw*cin = 12); pass ksize for other windows");
  }

  @Test
  void locallyConnected2dKsizeIsChecked() {
    fails(() -> Ops.locallyConnected2d(Tensor.ones(1, 4, 4, 1), Tensor.ones(4, 4, 2),
            Tensor.ones(2, 2, 2), new int[] {1, 2, 2, 2}, TWOS, Padding.SAME),
        "locallyConnected2d: ksize[0] (batch) and ksize[3] (channels) must be 1, got [1,2,2,2]");
  }

  // maxPool and avgPool

  @Test
  void globalPoolingValueMustBeAnImageBatch() {
    fails(() -> Ops.globalMaxPool(Tensor.ones(4, 4)),
        "globalMaxPool: value must be rank 4 [n, h, w, c], got shape [4,4]");
    fails(() -> Ops.globalAvgPool(Tensor.ones(2, 3, 1)),
        "globalAvgPool: value must be rank 4 [n, h, w, c], got shape [2,3,1]");
  }

  @Test
  void batchNormalizationNamesTheTensorThatDoesNotFit() {
    Tensor x = Tensor.ones(4, 3);
    Tensor three = Tensor.ones(3);
    fails(() -> Ops.fusedBatchNorm(Tensor.ones(3), three, three, 1e-3f),
        "fusedBatchNorm: x must have rank 2 or more, got shape [3]");
    fails(() -> Ops.fusedBatchNorm(x, Tensor.ones(2), three, 1e-3f),
        "fusedBatchNorm: scale [2] must have one value per channel of x (3)");
    fails(() -> Ops.batchNormalization(x, three, three, three, three, 0f),
        "batchNormalization: epsilon must be positive and finite, got 0.0");
  }

  @Test
  void maxPoolValueMustBeRank4() {
    fails(() -> Ops.maxPool(Tensor.ones(4, 4), TWOS, TWOS, Padding.SAME),
        "maxPool: value must be rank 4 [n, h, w, c], got shape [4,4]");
  }

  @Test
  void maxPoolKsizeMustHaveFourElements() {
    fails(() -> Ops.maxPool(IMAGE, new int[] {2, 2}, TWOS, Padding.SAME),
        "maxPool: ksize must have 4 elements [1, kH, kW, 1], got [2,2]");
  }

  @Test
  void maxPoolBatchAndChannelKsizeMustBeOne() {
    fails(() -> Ops.maxPool(IMAGE, new int[] {1, 2, 2, 2}, TWOS, Padding.SAME),
        "maxPool: ksize[0] (batch) and ksize[3] (channels) must be 1, got [1,2,2,2]");
  }

  @Test
  void maxPoolKsizeMustBePositive() {
    fails(() -> Ops.maxPool(IMAGE, new int[] {1, 0, 2, 1}, TWOS, Padding.SAME),
        "maxPool: ksize must be at least 1, got [1,0,2,1]");
  }

  @Test
  void maxPoolStridesAreChecked() {
    fails(() -> Ops.maxPool(IMAGE, TWOS, new int[] {2, 2, 2, 1}, Padding.SAME),
        "maxPool: strides[0] (batch) and strides[3] (channels) must be 1, got [2,2,2,1]");
  }

  @Test
  void maxPoolPaddingMustBeSmallerThanTheWindow() {
    fails(() -> Ops.maxPool(IMAGE, TWOS, TWOS, Padding.explicit(2)),
        "maxPool: padding 2 must be smaller than the 2x2 window, or some windows would hold"
            + " padding only");
  }

  @Test
  void avgPoolValueMustBeRank4() {
    fails(() -> Ops.avgPool(Tensor.ones(1, 4, 4), TWOS, TWOS, Padding.SAME),
        "avgPool: value must be rank 4 [n, h, w, c], got shape [1,4,4]");
  }

  @Test
  void avgPoolValidWindowMustFit() {
    fails(() -> Ops.avgPool(Tensor.ones(1, 1, 4, 1), TWOS, TWOS, Padding.VALID),
        "avgPool: VALID padding: window 2 is larger than input 1, so there is no output");
  }

  @Test
  void avgPoolPaddingMustBeSmallerThanTheWindow() {
    fails(() -> Ops.avgPool(IMAGE, TWOS, TWOS, Padding.explicit(0, 0, 3, 0)),
        "avgPool: padding explicit(top=0, bottom=0, left=3, right=0) must be smaller than the"
            + " 2x2 window, or some windows would hold padding only");
  }

  // biasAdd, matmul and the elementwise ops

  @Test
  void biasAddBiasMustMatchTheLastDimension() {
    fails(() -> Ops.biasAdd(Tensor.ones(1, 5, 5, 64), Tensor.ones(32)),
        "biasAdd: bias [32] must match the last dimension of value [1,5,5,64] (64)");
  }

  @Test
  void biasAddBiasMustBeRank1() {
    fails(() -> Ops.biasAdd(Tensor.ones(2, 3), Tensor.ones(1, 3)),
        "biasAdd: bias must be rank 1 [c], got shape [1,3]");
  }

  @Test
  void biasAddValueMustBeRank2OrMore() {
    fails(() -> Ops.biasAdd(Tensor.ones(3), Tensor.ones(3)),
        "biasAdd: value must have rank 2 or more, got shape [3]");
  }

  @Test
  void matmulInnerDimensionsMustAgree() {
    fails(() -> Ops.matmul(Tensor.ones(2, 3), Tensor.ones(4, 5)),
        "matmul: a [2,3] has 3 columns but b [4,5] has 4 rows");
  }

  @Test
  void matmulInnerDimensionsMustAgreeAfterTransposing() {
    fails(() -> Ops.matmul(Tensor.ones(2, 3), Tensor.ones(3, 5), true, false),
        "matmul: a [2,3] transposed has 2 columns but b [3,5] has 3 rows");
  }

  @Test
  void matmulOperandsMustBeMatrices() {
    fails(() -> Ops.matmul(Tensor.ones(2, 3, 4), Tensor.ones(4, 5)),
        "matmul: a must be rank 2 [m, k], got shape [2,3,4]");
    fails(() -> Ops.matmul(Tensor.ones(2, 3), Tensor.ones(3)),
        "matmul: b must be rank 2 [k, n], got shape [3]");
  }

  @Test
  void addShapesMustBroadcast() {
    fails(() -> Ops.add(Tensor.ones(2, 3), Tensor.ones(2)),
        "add: cannot broadcast [2,3] with [2]: shapes must be equal, or one a trailing part of the"
            + " other (like a bias), or one a single element");
  }

  @Test
  void subtractShapesMustBroadcast() {
    fails(() -> Ops.subtract(Tensor.ones(4), Tensor.ones(2, 3)),
        "subtract: cannot broadcast [4] with [2,3]: shapes must be equal, or one a trailing part"
            + " of the other (like a bias), or one a single element");
  }

  @Test
  void multiplyShapesMustBroadcast() {
    fails(() -> Ops.multiply(Tensor.ones(2, 3), Tensor.ones(3, 2)),
        "multiply: cannot broadcast [2,3] with [3,2]: shapes must be equal, or one a trailing"
            + " part of the other (like a bias), or one a single element");
  }

  @Test
  void reshapeMustKeepTheElementCount() {
    fails(() -> Ops.reshape(Tensor.ones(2, 3), 4, -1),
        "reshape: cannot reshape 6 elements of [2, 3] into [4, -1]");
  }

  // the layers' fused conv2dBias and matmulBias

  @Test
  void conv2dBiasRejectsABiasOfAnotherLength() {
    fails(() -> ConvOps.conv2dBias(IMAGE, FILTER, Tensor.ones(4), TWOS, Padding.SAME, true),
        "conv2dBias: bias [4] must have one value per output channel (64)");
  }

  @Test
  void conv2dBiasNamesItselfInTheConvolutionsChecks() {
    fails(() -> ConvOps.conv2dBias(IMAGE, Tensor.ones(5, 5, 4, 64), Tensor.ones(64), TWOS,
            Padding.SAME, true),
        "conv2dBias: input has 3 channels but filter [5,5,4,64] expects 4");
  }

  @Test
  void conv2dBiasReluMaxPoolNamesItselfInTheConvolutionsAndThePoolingsChecks() {
    fails(() -> ConvOps.conv2dBiasReluMaxPool(IMAGE, FILTER, Tensor.ones(4), TWOS, Padding.SAME,
            TWOS, TWOS, Padding.SAME),
        "conv2dBiasReluMaxPool: bias [4] must have one value per output channel (64)");
    fails(() -> ConvOps.conv2dBiasReluMaxPool(IMAGE, FILTER, Tensor.ones(64), TWOS, Padding.SAME,
            new int[] {2, 2}, TWOS, Padding.SAME),
        "conv2dBiasReluMaxPool: ksize must have 4 elements [1, kH, kW, 1], got [2,2]");
  }

  @Test
  void matmulBiasRejectsABiasThatIsNotAVector() {
    fails(() -> MatrixOps.matmulBias(Tensor.ones(2, 3), Tensor.ones(3, 4), Tensor.ones(2, 4),
            false),
        "matmulBias: bias must be rank 1 [c], got shape [2,4]");
  }

  @Test
  void matmulBiasRejectsInnerDimensionsThatDiffer() {
    fails(() -> MatrixOps.matmulBias(Tensor.ones(2, 3), Tensor.ones(4, 4), Tensor.ones(4), true),
        "matmulBias: a [2,3] has 3 columns but b [4,4] has 4 rows");
  }

  @Test
  void matmulBiasRejectsAnOperandThatIsNotAMatrix() {
    fails(() -> MatrixOps.matmulBias(Tensor.ones(2, 3, 1), Tensor.ones(3, 4), Tensor.ones(4),
            true),
        "matmulBias: a must be rank 2 [m, k], got shape [2,3,1]");
  }

  // dropout

  @Test
  void dropoutKeepProbMustBeAboveZero() {
    fails(() -> Ops.dropout(Tensor.ones(3), 0f, 1L),
        "dropout: keepProb must be in (0, 1], got 0.0");
  }

  @Test
  void dropoutKeepProbMustBeAtMostOne() {
    fails(() -> Ops.dropout(Tensor.ones(3), 1.5f, 1L),
        "dropout: keepProb must be in (0, 1], got 1.5");
  }

  @Test
  void dropoutKeepProbMustBeANumber() {
    fails(() -> Ops.dropout(Tensor.ones(3), Float.NaN, 1L),
        "dropout: keepProb must be in (0, 1], got NaN");
  }

  // softmax family and reductions

  @Test
  void softmaxNeedsAnAxis() {
    fails(() -> Ops.softmax(Tensor.scalar(1f)),
        "softmax: logits must have rank 1 or more, got shape []");
    fails(() -> Ops.logSoftmax(Tensor.scalar(1f)),
        "logSoftmax: logits must have rank 1 or more, got shape []");
  }

  @Test
  void crossEntropyLabelsAndLogitsMustHaveTheSameShape() {
    fails(() -> Ops.softmaxCrossEntropyWithLogits(Tensor.ones(2, 3), Tensor.ones(2, 4)),
        "softmaxCrossEntropyWithLogits: labels [2,3] and logits [2,4] must have the same shape");
  }

  @Test
  void reduceAxisMustBeInRange() {
    fails(() -> Ops.reduceSum(Tensor.ones(2, 3), 2),
        "reduceSum: axis 2 is out of range for rank 2 (expected -2 to 1)");
    fails(() -> Ops.reduceMean(Tensor.ones(2, 3), -3),
        "reduceMean: axis -3 is out of range for rank 2 (expected -2 to 1)");
  }

  @Test
  void argmaxAxisMustBeInRange() {
    fails(() -> Ops.argmax(Tensor.ones(2, 3), 5),
        "argmax: axis 5 is out of range for rank 2 (expected -2 to 1)");
  }

  @Test
  void accuracyNeedsMatrices() {
    fails(() -> Ops.accuracy(Tensor.ones(10), Tensor.ones(10)),
        "accuracy: logits must be rank 2 [n, classes], got shape [10]");
  }

  @Test
  void accuracyShapesMustAgree() {
    fails(() -> Ops.accuracy(Tensor.ones(4, 10), Tensor.ones(4, 9)),
        "accuracy: logits [4,10] and labels [4,9] must have the same shape");
  }
}
