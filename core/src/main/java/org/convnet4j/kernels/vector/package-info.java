/**
 * The fast kernels, {@link org.convnet4j.kernels.vector.VectorKernels}: the only library code that
 * imports {@code jdk.incubator.vector} (the JMH module's FMA-peak benchmark is the one other
 * place). One BLIS-style GEMM ({@code Gemm}) over one register-blocked FMA block ({@code
 * MicroKernel}) carries matmul and all three convolution passes ({@code Convolution}). Its left
 * operand ({@code LeftOperand}: a matrix, its transpose, or the im2col matrix of a padded input,
 * {@code Im2col}) is copied block by block into row panels, or, for short rows, read in place as a
 * {@code RowSource} ({@code Im2col} again, or a first layer's filter taps, {@code WindowRows}); its
 * right operand ({@code MatrixView}) is packed into panels as wide as two vectors (a transposed
 * one through registers, 16 x 16 floats at a time, {@code Transpose16}). Dense layers
 * with a handful of rows stream their weights in place ({@code FewRows}); 3x3 and 5x5 layers of
 * many channels go through Winograd's transforms ({@code WinogradConvolution}), first layers on
 * one channel through their own kernel ({@code SingleChannelConvolution}). Pooling is vectorized
 * across channels ({@code Pooling}), and so are the bias and ReLU gradients ({@code
 * BiasReluBackward}). Threads come from {@link org.convnet4j.kernels.Parallelism}; per-thread
 * buffers ({@code Scratch}) are reused between calls, so a training step's kernels allocate only a
 * few kilobytes of small objects. Depends on {@code kernels} and {@code tensor} only.
 */
package org.convnet4j.kernels.vector;
