/**
 * Layers (Conv2D, MaxPool2D, AvgPool2D, Dense, Flatten, Dropout, ReLU, LocallyConnected2D), Sequential models, initializers and model summaries. Uses ops and autodiff, never kernels directly.
 */
package org.convnet4j.nn;
