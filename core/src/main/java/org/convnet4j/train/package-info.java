/**
 * The training loop, metrics, checkpoints and run reports. Uses nn, optim, data and below; knows nothing of the command line.
 */
package org.convnet4j.train;
