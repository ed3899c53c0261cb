package org.convnet4j.kernels.vector;

/**
 * A first layer's output gradient made image by image, for a filter gradient that uses each image's
 * while it is in cache ({@link SingleChannelConvolution}, {@link FewChannelFilterGradient}): the
 * whole batch's, written out and read back, is the size of the layer's output (12.8 MB for the
 * tutorial's conv1, 16.8 MB for the first layer of Keras' CIFAR-10 example).
 */
interface ImageGradient {

  /**
   * Writes image {@code b}'s output gradient, {@code oh * ow * cout} floats, into {@code buffer}.
   */
  void into(int b, float[] buffer);
}
