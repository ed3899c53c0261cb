/**
 * The fast kernels, {@link org.convnet4j.kernels.vector.VectorKernels}: the only code in convnet4j
 * that imports {@code jdk.incubator.vector}. One BLIS-style GEMM ({@code Gemm} over {@code
 * MicroKernel}, operands read through {@code MatrixView}s and packed per block) carries matmul and
 * all three convolution passes ({@code Convolution}, with {@code Im2col} reading a padded input in
 * place); pooling is vectorized across channels ({@code Pooling}). Threads come from {@link
 * org.convnet4j.kernels.Parallelism}; per-thread buffers ({@code Scratch}) are reused between
 * calls. Depends on {@code kernels} and {@code tensor} only.
 */
package org.convnet4j.kernels.vector;
