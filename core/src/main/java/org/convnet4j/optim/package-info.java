/**
 * Optimizers: {@link org.convnet4j.optim.GradientDescent} (the tutorial's), {@link
 * org.convnet4j.optim.Momentum} and {@link org.convnet4j.optim.Adam}. They update {@code Variable}s
 * in place from gradients and export their state ({@link org.convnet4j.optim.OptimizerState}) for
 * checkpoints. Updates are split over the kernels' thread pool ({@code kernels.Parallelism}) in
 * fixed chunks. Uses {@code Tensor}, {@code Variable} and that pool.
 */
package org.convnet4j.optim;
