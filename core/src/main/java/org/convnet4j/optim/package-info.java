/**
 * Optimizers: gradient descent (the tutorial's), momentum and Adam. Update variables in place from their gradients. Uses tensor and ops.
 */
package org.convnet4j.optim;
