/**
 * Pictures drawn with Java2D from what the library computes: learned filters, feature maps,
 * convolution-step diagrams, tiles of images, as PNG files. Depends on the core module alone.
 */
package org.convnet4j.cli.pictures;
