package org.convnet4j.optim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Parallelism;

/**
 * Updates variables in place from their gradients, one step at a time. An optimizer may keep
 * per-variable state ("slots", such as Adam's moment estimates), which {@link #state()} exports and
 * {@link #restore} puts back, so a checkpointed run resumes exactly.
 */
public abstract sealed class Optimizer permits GradientDescent, Momentum, Adam {

  // Elements per task of an update: large enough that handing out a task costs little next to it.
  private static final int CHUNK = 1 << 15;

  private final float learningRate;
  private LearningRateSchedule schedule;
  private final List<String> slotNames;
  private final Map<String, float[][]> slots = new HashMap<>();
  private long iterations;

  /**
   * @param slotNames the per-variable state this optimizer keeps, each as large as the variable
   */
  Optimizer(float learningRate, List<String> slotNames) {
    requirePositive("learning rate", learningRate);
    this.learningRate = learningRate;
    this.schedule = new LearningRateSchedule.Constant(learningRate);
    this.slotNames = List.copyOf(slotNames);
  }

  /** Which optimizer this is. */
  public abstract OptimizerType type();

  /** The step size it was created with; the schedule's steps may differ. */
  public float learningRate() {
    return learningRate;
  }

  /**
   * Sets the step size of every step from now on (and, for one-cycle, the momentum). The schedule
   * depends only on the step count, which {@link #state()} holds (and, for {@link
   * LearningRateSchedule.ReduceOnPlateau}, on the epochs it heard of), so a restored optimizer
   * given the same schedule continues it exactly. Without one, every step moves by {@link
   * #learningRate()}.
   */
  public void setSchedule(LearningRateSchedule schedule) {
    this.schedule = schedule;
  }

  /** The schedule in use. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** The step size of step {@code step}, counted from 0, under the schedule. */
  public float learningRateAt(long step) {
    return (float) schedule.learningRate(step);
  }

  /** The step size of the step being applied; for {@link #update}. */
  float stepLearningRate() {
    return learningRateAt(iterations - 1);
  }

  /**
   * The momentum (Adam's {@code beta1}) of the step being applied: the schedule's, or {@code
   * fixed} if the schedule does not set one; for {@link #update}.
   */
  float stepMomentum(float fixed) {
    double scheduled = schedule.momentum(iterations - 1);
    return Double.isNaN(scheduled) ? fixed : (float) scheduled;
  }

  /** Number of steps applied so far. */
  public long iterations() {
    return iterations;
  }

  /**
   * Applies one step: moves each variable against its gradient.
   *
   * @param variables the variables to update, in place
   * @param gradients one per variable, of the variable's shape
   * @throws IllegalArgumentException if the counts or shapes disagree
   */
  public final void apply(List<Variable> variables, Tensor[] gradients) {
    if (variables.size() != gradients.length) {
      throw new IllegalArgumentException(
          "%s: %d variables but %d gradients"
              .formatted(type().cliName(), variables.size(), gradients.length));
    }
    for (int i = 0; i < gradients.length; i++) {
      Variable v = variables.get(i);
      if (!Arrays.equals(v.shape(), gradients[i].shape())) {
        throw new IllegalArgumentException(
            "%s: gradient of %s has shape %s, expected %s"
                .formatted(
                    type().cliName(),
                    v.name(),
                    Arrays.toString(gradients[i].shape()),
                    Arrays.toString(v.shape())));
      }
    }
    iterations++;
    for (int i = 0; i < gradients.length; i++) {
      Variable v = variables.get(i);
      float[][] variableSlots = slots.computeIfAbsent(v.name(), k -> newSlots(v.size()));
      float[] value = TensorAccess.data(v.value());
      float[] gradient = TensorAccess.data(gradients[i]);
      int size = value.length;
      // Fixed chunks whatever the thread count; each element's update depends on that element
      // alone, so the results are the same bits on any number of threads.
      Parallelism.forEach(
          (size + CHUNK - 1) / CHUNK,
          c -> update(value, gradient, variableSlots, c * CHUNK, Math.min(size, (c + 1) * CHUNK)));
    }
  }

  /**
   * Updates elements {@code [from, to)} of one variable in place, after {@link #iterations()} has
   * counted this step. Called for disjoint ranges of a variable at once, from several threads.
   *
   * @param value the variable's live values
   * @param gradient its gradient, same length
   * @param slots this variable's state, one array per slot name, same length
   */
  abstract void update(float[] value, float[] gradient, float[][] slots, int from, int to);

  /** A copy of the state: the iteration count and every slot, keyed {@code variable/slot}. */
  public OptimizerState state() {
    Map<String, float[]> exported = new LinkedHashMap<>();
    slots.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              for (int s = 0; s < slotNames.size(); s++) {
                exported.put(e.getKey() + "/" + slotNames.get(s), e.getValue()[s].clone());
              }
            });
    return new OptimizerState(iterations, exported);
  }

  /**
   * Puts back a state from {@link #state()}, checking it against the variables it will update.
   *
   * @throws IllegalArgumentException if a slot belongs to no variable, or its size differs
   */
  public void restore(OptimizerState state, List<Variable> variables) {
    Map<String, float[][]> restored = new HashMap<>();
    for (Variable v : variables) {
      for (int s = 0; s < slotNames.size(); s++) {
        float[] values = state.slots().get(v.name() + "/" + slotNames.get(s));
        if (values == null) {
          continue;
        }
        if (values.length != v.size()) {
          throw new IllegalArgumentException(
              "%s: slot %s/%s has %d values, variable has %d"
                  .formatted(
                      type().cliName(), v.name(), slotNames.get(s), values.length, v.size()));
        }
        restored.computeIfAbsent(v.name(), k -> newSlots(v.size()))[s] = values.clone();
      }
    }
    int restoredSlots = restored.size() * slotNames.size();
    if (restoredSlots != state.slots().size()) {
      throw new IllegalArgumentException(
          "%s: the state has slots %s, which do not all match the variables %s"
              .formatted(
                  type().cliName(),
                  state.slots().keySet(),
                  variables.stream().map(Variable::name).toList()));
    }
    slots.clear();
    slots.putAll(restored);
    iterations = state.iterations();
  }

  private float[][] newSlots(int size) {
    return new float[slotNames.size()][size];
  }

  static void requirePositive(String what, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "optimizer: %s must be positive and finite, got %s".formatted(what, value));
    }
  }
}
