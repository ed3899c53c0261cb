/**
 * Training: {@link org.convnet4j.train.TrainingRun} does a whole run (data, model, epochs,
 * checkpoints, {@code metrics.json}, test evaluation) from a {@link
 * org.convnet4j.train.TrainingConfig}; {@link org.convnet4j.train.Trainer} is the epoch loop on its
 * own; {@link org.convnet4j.train.TrainingListener} hears of every step and epoch; {@link
 * org.convnet4j.train.Evaluation} measures accuracy, per-class precision and recall and the
 * confusion matrix; {@link org.convnet4j.train.Checkpoint} saves and restores a run.
 *
 * <p>Uses {@code nn}, {@code optim}, {@code data}, {@code Ops} and {@code GradientTape}; knows
 * nothing of the command line.
 */
package org.convnet4j.train;
