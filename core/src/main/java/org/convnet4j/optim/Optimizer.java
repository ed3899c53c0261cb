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

  /** The slot name of the moving averages in {@link #state()}. */
  public static final String AVERAGE_SLOT = "ema";

  // Elements per task of an update: large enough that handing out a task costs little next to it.
  private static final int CHUNK = 1 << 15;

  private final float learningRate;
  private LearningRateSchedule schedule;
  private final List<String> slotNames;
  private final Map<String, float[][]> slots = new HashMap<>();
  private final Map<String, float[]> averages = new HashMap<>();
  private long iterations;
  private float weightDecay;
  private boolean decayAll;
  private float averageMomentum;

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

  /**
   * Decoupled weight decay (Loshchilov and Hutter, 2019; AdamW, SGDW): before each update, {@code
   * w -= w * decay * learningRate}, the step's scheduled rate, as Keras' {@code weight_decay} does
   * (PyTorch's AdamW multiplies by {@code 1 - learningRate * decay}, the same up to rounding).
   *
   * @param decay at least 0; 0 turns it off
   * @param everyVariable whether biases and every other variable decay too; otherwise only
   *     kernels (variables named {@code .../kernel}) do, as is usual for AdamW
   */
  public void setWeightDecay(float decay, boolean everyVariable) {
    if (!(decay >= 0) || Float.isInfinite(decay)) {
      throw new IllegalArgumentException(
          "%s: weight decay must be at least 0 and finite, got %s".formatted(type().cliName(), decay));
    }
    weightDecay = decay;
    decayAll = everyVariable;
  }

  /**
   * Keeps an exponential moving average of every variable (Keras' {@code use_ema}): after each
   * update, {@code average = momentum * average + (1 - momentum) * w}, with momentum 0 at the first
   * step so that the average starts as the weights. The averages are part of {@link #state()} (slot
   * {@code ema}); {@link #swapAverages} puts them into the variables.
   *
   * @param momentum in [0, 1); 0 turns it off (Keras' default {@code ema_momentum} is 0.99)
   */
  public void setAverageMomentum(float momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "%s: EMA momentum must be in [0, 1), got %s".formatted(type().cliName(), momentum));
    }
    averageMomentum = momentum;
  }

  /**
   * Swaps each variable's values with its moving average, element by element, in place: called
   * once, the variables hold the averages; called again, they hold the trained weights again.
   * Variables without an average (none kept, or no step yet) stay as they are.
   */
  public void swapAverages(List<Variable> variables) {
    for (Variable v : variables) {
      float[] average = averages.get(v.name());
      if (average == null) {
        continue;
      }
      float[] value = TensorAccess.data(v.value());
      for (int i = 0; i < value.length; i++) {
        float w = value[i];
        value[i] = average[i];
        average[i] = w;
      }
    }
  }

  /**
   * Copies each moving average into its variable, as Keras' {@code finalize_variable_values} does
   * at the end of training; the averages stay. Variables without one stay as they are.
   */
  public void assignAverages(List<Variable> variables) {
    for (Variable v : variables) {
      float[] average = averages.get(v.name());
      if (average != null) {
        System.arraycopy(average, 0, TensorAccess.data(v.value()), 0, average.length);
      }
    }
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
    // Keras starts the average as the weights: momentum 0 at the first step.
    float keep = iterations == 1 ? 0 : averageMomentum;
    for (int i = 0; i < gradients.length; i++) {
      Variable v = variables.get(i);
      float[][] variableSlots = slots.computeIfAbsent(v.name(), k -> newSlots(v.size()));
      float[] value = TensorAccess.data(v.value());
      float[] gradient = TensorAccess.data(gradients[i]);
      int size = value.length;
      float decay =
          weightDecay > 0 && (decayAll || v.name().endsWith("/kernel"))
              ? stepLearningRate() * weightDecay
              : 0;
      float[] average =
          averageMomentum > 0 ? averages.computeIfAbsent(v.name(), k -> new float[size]) : null;
      // Fixed chunks whatever the thread count; each element's update depends on that element
      // alone, so the results are the same bits on any number of threads.
      Parallelism.forEach(
          (size + CHUNK - 1) / CHUNK,
          c -> {
            int from = c * CHUNK;
            int to = Math.min(size, (c + 1) * CHUNK);
            if (decay > 0) {
              for (int j = from; j < to; j++) {
                value[j] -= value[j] * decay;
              }
            }
            update(value, gradient, variableSlots, from, to);
            if (average != null) {
              float take = 1 - keep;
              for (int j = from; j < to; j++) {
                average[j] = keep * average[j] + take * value[j];
              }
            }
          });
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

  /**
   * A copy of the state: the iteration count and every slot, keyed {@code variable/slot}, the
   * moving averages as slot {@code ema}.
   */
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
    averages.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> exported.put(e.getKey() + "/" + AVERAGE_SLOT, e.getValue().clone()));
    return new OptimizerState(iterations, exported);
  }

  /**
   * Puts back a state from {@link #state()}, checking it against the variables it will update.
   *
   * @throws IllegalArgumentException if a slot belongs to no variable, or its size differs
   */
  public void restore(OptimizerState state, List<Variable> variables) {
    Map<String, float[][]> restored = new HashMap<>();
    Map<String, float[]> restoredAverages = new HashMap<>();
    for (Variable v : variables) {
      float[] average = state.slots().get(v.name() + "/" + AVERAGE_SLOT);
      if (average != null) {
        if (average.length != v.size()) {
          throw new IllegalArgumentException(
              "%s: slot %s/%s has %d values, variable has %d"
                  .formatted(type().cliName(), v.name(), AVERAGE_SLOT, average.length, v.size()));
        }
        restoredAverages.put(v.name(), average.clone());
      }
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
    int restoredSlots = restored.size() * slotNames.size() + restoredAverages.size();
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
    averages.clear();
    averages.putAll(restoredAverages);
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
