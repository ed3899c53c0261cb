/**
 * The loops: {@link org.convnet4j.kernels.ReferenceKernels} (plain scalar, obviously right) and
 * the fast Vector API kernels in {@code kernels.vector}, behind one interface, {@link
 * org.convnet4j.kernels.Kernels}, on flat {@code float[]} arrays. Knows nothing of tensors'
 * objects, autodiff or layers; uses only the {@code tensor} package's geometry records.
 *
 * <p>Dimension names, used everywhere in kernels: {@code n} batch, {@code h, w} input height and
 * width, {@code c} channels (pooling), {@code cin, cout} input and output channels, {@code kh, kw}
 * window height and width, {@code oh, ow} output height and width, {@code strideH, strideW},
 * {@code padTop, padLeft} (and {@code padBottom, padRight}). Gradients take a {@code d} prefix:
 * {@code dOut, dInput, dFilter}. Layout is NHWC; filters are {@code [kh, kw, cin, cout]}.
 */
package org.convnet4j.kernels;
