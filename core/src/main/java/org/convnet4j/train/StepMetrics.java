package org.convnet4j.train;

/**
 * What one training step measured, as {@link TrainingListener#onStep} receives it.
 *
 * @param epoch the epoch, from 1
 * @param batch the step within the epoch, from 1 to {@code stepsPerEpoch}
 * @param stepsPerEpoch steps in every epoch
 * @param step the step counted over the whole run, from 1
 * @param loss the batch's mean softmax cross-entropy, in training mode (with dropout), before the
 *     update
 * @param accuracy the fraction of the batch classified right by the same forward pass
 * @param imagesPerSecond training throughput of the epoch so far
 */
public record StepMetrics(
    int epoch,
    int batch,
    int stepsPerEpoch,
    long step,
    float loss,
    float accuracy,
    double imagesPerSecond) {}
