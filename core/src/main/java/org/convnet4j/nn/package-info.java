/**
 * Layers and models: {@link org.convnet4j.nn.Conv2D}, {@link org.convnet4j.nn.LocallyConnected2D}
 * (the same windows without weight sharing), {@link org.convnet4j.nn.MaxPool2D}, {@link
 * org.convnet4j.nn.AvgPool2D}, {@link org.convnet4j.nn.GlobalAveragePooling2D}, {@link
 * org.convnet4j.nn.GlobalMaxPooling2D}, {@link org.convnet4j.nn.Flatten}, {@link
 * org.convnet4j.nn.Dense}, {@link org.convnet4j.nn.ReLU}, {@link org.convnet4j.nn.ActivationLayer},
 * {@link org.convnet4j.nn.BatchNormalization} and {@link org.convnet4j.nn.Dropout}; {@link
 * org.convnet4j.nn.Sequential} runs them in order and prints a {@link
 * org.convnet4j.nn.ModelSummary} with parameters shared and unshared; {@link
 * org.convnet4j.nn.Initializer} makes initial weights; {@link org.convnet4j.nn.Models} holds the
 * tutorial's network. A {@link org.convnet4j.nn.LayerSpec} is a layer's architecture as one line of
 * text, which checkpoints store.
 *
 * <p>Uses {@code Ops}, the fused layer ops of {@code ops} ({@code ConvOps.conv2dBias}, {@code
 * MatrixOps.matmulBias}, {@code NormalizationOps.fusedBatchNorm}), {@code Variable} (whose data
 * batch normalization's moving statistics update in place) and the {@code tensor} package's
 * geometry; never kernels, autodiff internals, data or training.
 */
package org.convnet4j.nn;
