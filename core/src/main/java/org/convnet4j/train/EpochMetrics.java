package org.convnet4j.train;

/**
 * What one epoch measured, as {@link TrainingListener#onEpoch} receives it and {@code metrics.json}
 * stores it.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss mean of the epoch's step losses
 * @param validationAccuracy accuracy on the validation split after the epoch, in {@code [0, 1]}
 * @param imagesPerSecond training throughput (validation not included)
 * @param seconds wall time of the epoch's training steps (validation not included)
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double validationAccuracy,
    double imagesPerSecond,
    double seconds) {}
