/**
 * The operations behind {@link org.convnet4j.Ops}, one class per family ({@code ConvOps},
 * {@code PoolOps}, {@code MatrixOps}, {@code ElementwiseOps}, {@code SoftmaxOps}, {@code
 * ReduceOps}, {@code NormalizationOps}): argument checks with errors that name the op, the
 * forward (window ops, matmul and normalization through {@link
 * org.convnet4j.kernels.Kernels#active()}, element-wise ops as plain loops), and
 * beside each forward its gradient rule, a record implementing the sealed {@link
 * org.convnet4j.ops.Node}. {@link org.convnet4j.ops.Recording} is the hook an autodiff tape
 * registers with: an op leaves a node only when an active recorder tracks one of its inputs.
 * {@link org.convnet4j.ops.Workspace} is where the ops take their output arrays from while a
 * training step recycles them.
 *
 * <p>Uses {@code tensor}, {@code kernels} (the kernel set, and {@code Parallelism} for the bias and
 * ReLU gradients) and {@code internal}; knows nothing of tapes beyond that hook, nor of layers.
 */
package org.convnet4j.ops;
