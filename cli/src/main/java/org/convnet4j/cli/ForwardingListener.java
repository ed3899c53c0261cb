package org.convnet4j.cli;

import org.convnet4j.nn.Sequential;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.StepMetrics;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingPlan;

/**
 * A listener that passes every call on to the one it wraps; subclasses override what they add to
 * (Guava's {@code ForwardingObject}).
 */
class ForwardingListener implements TrainingListener {

  private final TrainingListener listener;

  ForwardingListener(TrainingListener listener) {
    this.listener = listener;
  }

  @Override
  public void onMessage(String line) {
    listener.onMessage(line);
  }

  @Override
  public void onModel(Sequential model) {
    listener.onModel(model);
  }

  @Override
  public void onStart(TrainingPlan plan) {
    listener.onStart(plan);
  }

  @Override
  public void onStep(StepMetrics step) {
    listener.onStep(step);
  }

  @Override
  public void onEpoch(EpochMetrics epoch) {
    listener.onEpoch(epoch);
  }

  @Override
  public void onTestEvaluation(Evaluation test) {
    listener.onTestEvaluation(test);
  }

  @Override
  public boolean shouldStop() {
    return listener.shouldStop();
  }
}
