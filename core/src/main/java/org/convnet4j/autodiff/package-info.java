/**
 * Reverse-mode automatic differentiation: {@link org.convnet4j.autodiff.Tape} records the {@link
 * org.convnet4j.ops.Node}s of ops applied to tracked tensors and replays their gradient rules in
 * reverse, summing where a tensor feeds several ops and computing only the gradients that lead to
 * a requested source. {@link org.convnet4j.GradientTape} is its public face. Uses {@code ops} and
 * below.
 */
package org.convnet4j.autodiff;
