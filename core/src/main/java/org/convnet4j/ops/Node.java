package org.convnet4j.ops;

import org.convnet4j.Tensor;

/**
 * One recorded application of a differentiable op: its inputs, its output, and its gradient rule,
 * which sits beside the op's forward in the same class. The closed set of these records is what
 * the tape in {@code autodiff} replays in reverse.
 */
public sealed interface Node
    permits ConvOps.Conv2d,
        ConvOps.Conv2dMaxPool,
        ConvOps.LocallyConnected2d,
        PoolOps.MaxPool,
        PoolOps.AvgPool,
        MatrixOps.Matmul,
        ElementwiseOps.Binary,
        ElementwiseOps.Relu,
        ElementwiseOps.Sigmoid,
        ElementwiseOps.Tanh,
        ElementwiseOps.Dropout,
        ElementwiseOps.SeededDropout,
        ElementwiseOps.Reshape,
        SoftmaxOps.Softmax,
        SoftmaxOps.LogSoftmax,
        SoftmaxOps.CrossEntropy,
        ReduceOps.Reduce,
        NormalizationOps.BatchNorm,
        NormalizationOps.FusedBatchNormNode {

  /** The op's tensor inputs, in order; {@link #backward} answers in the same order. */
  Tensor[] inputs();

  /** The tensor the op returned. */
  Tensor output();

  /**
   * Gradients of the loss with respect to the inputs, given {@code dOut}, its gradient with
   * respect to {@link #output()} (row-major, the output's shape). Entry {@code i} is computed only
   * where {@code need[i]} and is {@code null} elsewhere; it has input {@code i}'s shape. Callers
   * must not write into {@code dOut} or into the returned arrays, which may be shared. Each
   * returned array is {@code dOut} itself or a new one, never an array a tensor of the forward pass
   * holds: the tape hands it out as a gradient without copying it.
   */
  float[][] backward(float[] dOut, boolean[] need);
}
