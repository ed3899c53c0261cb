/**
 * Reading pictures into model inputs: a photo or scan of a digit (or a garment) framed the way
 * MNIST (or Fashion-MNIST) frames its images. Depends on the core module and {@code javax.imageio}.
 */
package org.convnet4j.cli.images;
