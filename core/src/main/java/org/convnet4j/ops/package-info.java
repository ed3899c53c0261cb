/**
 * TensorFlow-named operations on tensors: shape checks with clear errors, forward through {@code kernels}, and each op's gradient rule beside its forward. Uses tensor and kernels; knows nothing of tapes' bookkeeping beyond the recording hook, nor of layers.
 */
package org.convnet4j.ops;
