package org.convnet4j.kernels.vector;

import org.convnet4j.kernels.Kernels;
import org.convnet4j.kernels.ReferenceKernels;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * The fast kernels: a blocked, multithreaded Vector API GEMM ({@link Gemm}) under matmul and
 * convolution, channel-vectorized pooling, and the bias and ReLU gradients. Threads come from
 * {@link org.convnet4j.kernels.Parallelism}; results are the same bits for any thread count. Loaded
 * reflectively by {@link Kernels#active()}, so that the rest of the library never touches {@code
 * jdk.incubator.vector}.
 */
public final class VectorKernels implements Kernels {

  // For the last few elements of element-wise loops: the same arithmetic, one at a time.
  private static final Kernels REFERENCE = new ReferenceKernels();

  /** Compiles the micro-kernels ahead of the first full-size product: {@link KernelWarmUp}. */
  @Override
  public void warmUp() {
    KernelWarmUp.run();
  }

  @Override
  public void conv2d(float[] input, float[] filter, float[] out, Conv2dGeometry g) {
    Convolution.forward(input, filter, null, false, out, g);
  }

  @Override
  public void conv2dBiasRelu(
      float[] input, float[] filter, float[] bias, boolean relu, float[] out, Conv2dGeometry g) {
    Convolution.forward(input, filter, bias, relu, out, g);
  }

  @Override
  public void conv2dBackwardInput(float[] dOut, float[] filter, float[] dInput, Conv2dGeometry g) {
    Convolution.backwardInput(dOut, filter, dInput, g);
  }

  @Override
  public void conv2dBackwardFilter(float[] input, float[] dOut, float[] dFilter, Conv2dGeometry g) {
    if (FewChannelFilterGradient.fits(g)) {
      FewChannelFilterGradient.backwardFilter(input, dOut, dFilter, g);
    } else {
      Convolution.backwardFilter(input, dOut, dFilter, g);
    }
  }

  @Override
  public void conv2dBiasReluMaxPool(
      float[] input,
      float[] filter,
      float[] bias,
      float[] activations,
      float[] out,
      int[] argmax,
      Conv2dGeometry g,
      Pool2dGeometry pool) {
    ConvolutionPooling.forward(input, filter, bias, activations, out, argmax, g, pool);
  }

  @Override
  public void maxPool(float[] input, float[] out, int[] argmax, Pool2dGeometry g) {
    Pooling.maxPool(input, out, argmax, g);
  }

  @Override
  public void maxPoolBackward(int[] argmax, float[] dOut, float[] dInput, Pool2dGeometry g) {
    Pooling.maxPoolBackward(argmax, dOut, dInput, g);
  }

  @Override
  public void maxPoolBiasReluBackward(
      int[] argmax, float[] dOut, float[] pooled, float[] dz, float[] dBias, Pool2dGeometry g) {
    Pooling.maxPoolBiasReluBackward(argmax, dOut, pooled, dz, dBias, g);
  }

  @Override
  public void maxPoolBiasReluBackwardFilter(
      int[] argmax,
      float[] dOut,
      float[] pooled,
      float[] input,
      float[] dz,
      float[] dFilter,
      float[] dBias,
      Conv2dGeometry g,
      Pool2dGeometry pool) {
    if (!SingleChannelConvolution.fitsFilterGradient(g)) {
      Kernels.super.maxPoolBiasReluBackwardFilter(
          argmax, dOut, pooled, input, dz, dFilter, dBias, g, pool);
      return;
    }
    // The tutorial's first layer: its dz is 12.8 MB a batch, written and read back once each when
    // not fused. Each image's bias sums are taken from its dz as maxPoolBiasReluBackward takes
    // them, and added in image order: the same bits.
    int c = g.cout();
    int rows = g.oh() * g.ow();
    float[] imageSums =
        dBias == null ? null : Scratch.get().floats(Scratch.Slot.BIAS_BLOCK_SUMS, g.n() * c);
    SingleChannelConvolution.backwardFilter(
        input,
        (b, image) -> {
          new Pooling.Router(argmax, dOut, pooled, image, true, pool).image(b);
          if (imageSums != null) {
            BiasReluBackward.sumRows(image, 0, rows, c, imageSums, b * c);
          }
        },
        dFilter,
        g);
    if (dBias != null) {
      BiasReluBackward.addBlocks(imageSums, g.n(), c, dBias);
    }
  }

  @Override
  public void biasReluBackwardFilter(
      float[] dOut,
      float[] y,
      float[] input,
      float[] dz,
      float[] dFilter,
      float[] dBias,
      Conv2dGeometry g) {
    boolean singleChannel = SingleChannelConvolution.fitsFilterGradient(g);
    if (!singleChannel && !FewChannelFilterGradient.fits(g)) {
      Kernels.super.biasReluBackwardFilter(dOut, y, input, dz, dFilter, dBias, g);
      return;
    }
    // A colour first layer's dz is 16.8 MB a batch of 128 CIFAR images, written and read back
    // once each when not fused. Each image's bias sums are added in image order, as in
    // maxPoolBiasReluBackwardFilter: the same bits on any number of threads.
    int c = g.cout();
    int rows = g.oh() * g.ow();
    float[] imageSums =
        dBias == null ? null : Scratch.get().floats(Scratch.Slot.BIAS_BLOCK_SUMS, g.n() * c);
    ImageGradient source =
        (b, image) -> {
          BiasReluBackward.reluBlock(dOut, y, b * rows * c, (b + 1) * rows * c, image, 0);
          if (imageSums != null) {
            BiasReluBackward.sumRows(image, 0, rows, c, imageSums, b * c);
          }
        };
    if (singleChannel) {
      SingleChannelConvolution.backwardFilter(input, source, dFilter, g);
    } else {
      FewChannelFilterGradient.backwardFilter(input, source, dFilter, g);
    }
    if (dBias != null) {
      BiasReluBackward.addBlocks(imageSums, g.n(), c, dBias);
    }
  }

  @Override
  public void avgPool(float[] input, float[] out, Pool2dGeometry g) {
    Pooling.avgPool(input, out, g);
  }

  @Override
  public void avgPoolBackward(float[] dOut, float[] dInput, Pool2dGeometry g) {
    Pooling.avgPoolBackward(dOut, dInput, g);
  }

  @Override
  public void reluBackward(float[] dOut, float[] y, float[] dInput, int size) {
    BiasReluBackward.reluBackward(dOut, y, dInput, size);
  }

  @Override
  public void biasBackward(float[] dOut, float[] dBias, int rows, int channels) {
    BiasReluBackward.biasBackward(dOut, dBias, rows, channels);
  }

  @Override
  public void biasReluBackward(
      float[] dOut, float[] y, float[] dz, float[] dBias, int rows, int channels) {
    BiasReluBackward.biasReluBackward(dOut, y, dz, dBias, rows, channels);
  }

  @Override
  public void moments(float[] x, int rows, int channels, float[] mean, float[] variance) {
    Normalization.moments(x, rows, channels, mean, variance);
  }

  @Override
  public void adamUpdate(float[] value, float[] gradient, float[] m, float[] v, int from, int to,
      float keep1, float take1, float keep2, float take2, float stepSize, float epsilon) {
    int rest = VectorLoops.adamUpdate(
        value, gradient, m, v, from, to, keep1, take1, keep2, take2, stepSize, epsilon);
    REFERENCE.adamUpdate(
        value, gradient, m, v, rest, to, keep1, take1, keep2, take2, stepSize, epsilon);
  }

  @Override
  public void momentumUpdate(float[] value, float[] gradient, float[] accumulator, int from,
      int to, float keep, float learningRate) {
    int rest =
        VectorLoops.momentumUpdate(value, gradient, accumulator, from, to, keep, learningRate);
    REFERENCE.momentumUpdate(value, gradient, accumulator, rest, to, keep, learningRate);
  }

  @Override
  public void dropout(float[] x, float keepProb, long seed, float[] out, int size) {
    SeededDropout.apply(x, keepProb, seed, out, size);
  }

  @Override
  public void scaleShift(
      float[] x, int rows, int channels, float[] scale, float[] shift, boolean relu, float[] out) {
    Normalization.scaleShift(x, rows, channels, scale, shift, relu, out);
  }

  @Override
  public void batchNormSums(float[] dOut, float[] x, float[] mean, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] sumDOut, float[] sumDOutCentered) {
    Normalization.batchNormSums(dOut, x, mean, reluScale, reluShift, rows, channels, sumDOut,
        sumDOutCentered);
  }

  @Override
  public void batchNormBackwardInput(float[] dOut, float[] x, float[] reluScale,
      float[] reluShift, int rows, int channels, float[] dOutScale, float[] xScale,
      float[] shift, float[] dInput) {
    Normalization.batchNormBackwardInput(dOut, x, reluScale, reluShift, rows, channels,
        dOutScale, xScale, shift, dInput);
  }

  @Override
  public void matmul(
      float[] a,
      boolean transposeA,
      float[] b,
      boolean transposeB,
      float[] c,
      int m,
      int n,
      int k) {
    matmulBiasRelu(a, transposeA, b, transposeB, null, false, c, m, n, k);
  }

  @Override
  public void matmulBiasRelu(
      float[] a,
      boolean transposeA,
      float[] b,
      boolean transposeB,
      float[] bias,
      boolean relu,
      float[] c,
      int m,
      int n,
      int k) {
    Epilogue epilogue = new Epilogue(false, bias, relu);
    if (FewRows.fits(m, transposeB)) {
      FewRows.multiply(a, transposeA, b, c, m, n, k, epilogue);
      return;
    }
    if (transposeA && !transposeB && TransposedProduct.fits(m, n, k)) {
      TransposedProduct.multiply(a, b, c, m, n, k, epilogue);
      return;
    }
    // The GEMM reads A by rows and B by columns; a stored transpose is just the other view.
    MatrixView rightT = transposeB ? MatrixView.rows(b, 0, k) : MatrixView.columns(b, 0, n);
    LeftOperand left = transposeA ? LeftOperand.transposed(a, 0, m) : RowSource.matrix(a, 0, k);
    Gemm.multiply(left, rightT, c, 0, m, n, k, epilogue);
  }
}
