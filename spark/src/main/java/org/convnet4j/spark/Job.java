package org.convnet4j.spark;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.nn.LayerSpec;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.LearningRateSchedule;
import org.convnet4j.optim.LearningRateSchedule.Constant;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerType;

/**
 * What every round of one training run shares, sent with each task (a few kilobytes): where the
 * data is, the model's architecture, how the global batch is split.
 *
 * @param id tells runs apart, so executors never reuse another run's models
 * @param inputShape the model's input shape, without the batch
 * @param modelSeed the model's seed (its dropout masks derive from it)
 * @param layers the model's layers as {@link LayerSpec} text
 * @param globalBatch examples per step over all partitions
 * @param optimizer the optimizer's command-line name, for local steps
 * @param learningRate the run's learning rate, for local steps
 * @param schedule the run's learning-rate schedule as text, for local steps
 * @param stepsPerEpoch training steps per epoch, for the schedule
 * @param totalSteps training steps of the whole run, for the schedule
 */
record Job(
    String id,
    DataSource source,
    int trainSize,
    int[] inputShape,
    long modelSeed,
    List<String> layers,
    int partitions,
    int globalBatch,
    long shuffleSeed,
    String optimizer,
    float learningRate,
    String schedule,
    int stepsPerEpoch,
    long totalSteps)
    implements Serializable {

  /** Examples partition {@code p} takes per step: the global batch split as evenly as can be. */
  int localBatch(int p) {
    return globalBatch / partitions + (p < globalBatch % partitions ? 1 : 0);
  }

  /** Partition {@code p}'s share of a step's mean: its examples over the global batch. */
  float weight(int p) {
    return (float) localBatch(p) / globalBatch;
  }

  /** The seed of partition {@code p}'s order of examples, derived from the run's. */
  long shardSeed(int p) {
    return new SplittableRandom(shuffleSeed).split().nextLong() + p * 0x9E3779B97F4A7C15L;
  }

  /**
   * The number dropout sees for global step {@code step} on partition {@code p}: distinct for every
   * partition and step, and the step itself on one partition, as on one machine.
   */
  long dropoutStep(long step, int p) {
    return step * partitions + p;
  }

  /** A fresh optimizer for local steps (its schedule comes with each round). */
  Optimizer newOptimizer() {
    return OptimizerType.parse(optimizer).create(learningRate);
  }

  /**
   * The schedule of a round's local steps: the run's; reduce-on-plateau, which depends on the
   * epochs so far, at the rate the driver's schedule gives the round ({@code rate}), which holds
   * until the epoch's end, where rounds end.
   */
  LearningRateSchedule localSchedule(float rate) {
    LearningRateSchedule s =
        LearningRateSchedule.parse(schedule, learningRate, stepsPerEpoch, totalSteps);
    return s instanceof LearningRateSchedule.ReduceOnPlateau ? new Constant(rate) : s;
  }

  /** A fresh model of the run's architecture (its weights are overwritten every round). */
  Sequential newModel() {
    return Sequential.fromSpecs(
        inputShape, modelSeed, layers.stream().map(LayerSpec::parse).toList());
  }
}
