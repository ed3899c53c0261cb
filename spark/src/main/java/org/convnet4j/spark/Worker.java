package org.convnet4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.convnet4j.Tensor;
import org.convnet4j.Threads;
import org.convnet4j.Variable;
import org.convnet4j.data.Batcher;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerState;
import org.convnet4j.train.TrainingStep;

/**
 * One partition's part of a round, on an executor: the model set to the broadcast weights, the
 * round's steps on the shard's next batches, and the result as one vector of the {@link TreeSum},
 * already weighted by the partition's share of the global batch.
 *
 * <ul>
 *   <li>One step (synchronous SGD): the gradients of the partition's batch ({@link
 *       TrainingStep#computeGradients}), then its loss and accuracy. Summed, they are the
 *       gradients, loss and accuracy of the global batch, which the driver's optimizer applies.
 *   <li>{@code k} steps (model averaging): {@code k} local {@link TrainingStep}s from the
 *       broadcast optimizer state, then the weights, the optimizer's slots, and each step's loss
 *       and accuracy. Summed, they are the averages, which become the driver's model and
 *       optimizer.
 * </ul>
 *
 * Models are built once per executor and run and kept for the rounds after (one per task running
 * at once), since building one means drawing all its initial weights.
 */
final class Worker {

  /** How a result vector of local steps lays out the optimizer's slots. */
  record Layout(String[] slotNames, int[] slotSizes) implements Serializable {}

  private static final Map<String, Queue<Worker>> IDLE = new ConcurrentHashMap<>();

  private final Sequential model;
  private final List<Variable> variables;
  private final TrainingStep gradientStep;
  private final float[][] gradients;
  private final Optimizer optimizer;
  private final TrainingStep localStep;

  private Worker(Job job) {
    this.model = job.newModel();
    this.variables = model.variables();
    this.gradientStep = new TrainingStep(model, null);
    this.gradients = variables.stream().map(v -> new float[v.size()]).toArray(float[][]::new);
    this.optimizer = job.newOptimizer();
    this.localStep = new TrainingStep(model, optimizer);
  }

  /** Runs partition {@code shard}'s part of the round and adds it to {@code sum}. */
  static TreeSum run(Job job, Broadcast<Round> broadcast, Shard shard, TreeSum sum) {
    TaskContext task = TaskContext.get();
    Threads.set(task == null ? 1 : Math.max(1, task.cpus()));
    long start = System.nanoTime();
    Round round = broadcast.value();
    long fetched = System.nanoTime();
    Worker worker = borrow(job);
    try {
      float[] vector;
      Layout layout = null;
      if (round.steps() == 1) {
        vector = worker.gradientStep(job, round, shard);
      } else {
        vector = worker.localSteps(job, round, shard);
        OptimizerState state = worker.optimizer.state();
        layout =
            new Layout(
                state.slots().keySet().toArray(String[]::new),
                state.slots().values().stream().mapToInt(a -> a.length).toArray());
      }
      long computed = System.nanoTime();
      return sum.add(shard.partition(), vector, computed - fetched, fetched - start, layout);
    } finally {
      IDLE.computeIfAbsent(job.id(), id -> new ConcurrentLinkedQueue<>()).add(worker);
    }
  }

  private float[] gradientStep(Job job, Round round, Shard shard) {
    setWeights(round.weights());
    int p = shard.partition();
    Batcher batcher = batcher(job, round, shard);
    for (float[] g : gradients) {
      Arrays.fill(g, 0f); // a step whose loss is not finite leaves them as they were
    }
    TrainingStep.Result r =
        gradientStep.computeGradients(
            batcher.nextBatch(job.localBatch(p)), job.dropoutStep(round.firstStep(), p), gradients);
    float w = job.weight(p);
    float[] vector = new float[round.weights().length + 2];
    int at = 0;
    for (float[] g : gradients) {
      for (float x : g) {
        vector[at++] = x * w;
      }
    }
    vector[at++] = r.loss() * w;
    vector[at] = r.accuracy() * w;
    return vector;
  }

  private float[] localSteps(Job job, Round round, Shard shard) {
    setWeights(round.weights());
    optimizer.setSchedule(job.localSchedule(round.learningRate()));
    Map<String, float[]> slots = new LinkedHashMap<>();
    int offset = 0;
    for (int s = 0; s < round.slotNames().length; s++) {
      String name = round.slotNames()[s];
      int size = slotSize(name);
      slots.put(name, Arrays.copyOfRange(round.slots(), offset, offset + size));
      offset += size;
    }
    optimizer.restore(new OptimizerState(round.iterations(), slots), variables);
    int p = shard.partition();
    Batcher batcher = batcher(job, round, shard);
    int k = round.steps();
    float[] losses = new float[k];
    float[] accuracies = new float[k];
    for (int j = 0; j < k; j++) {
      TrainingStep.Result r =
          localStep.run(
              batcher.nextBatch(job.localBatch(p)), job.dropoutStep(round.firstStep() + j, p));
      losses[j] = r.loss();
      accuracies[j] = r.accuracy();
    }
    OptimizerState state = optimizer.state();
    int size = round.weights().length;
    for (float[] a : state.slots().values()) {
      size += a.length;
    }
    float w = job.weight(p);
    float[] vector = new float[size + 2 * k];
    int at = 0;
    for (Variable v : variables) {
      for (float x : v.value().toFloatArray()) {
        vector[at++] = x * w;
      }
    }
    for (float[] a : state.slots().values()) {
      for (float x : a) {
        vector[at++] = x * w;
      }
    }
    for (int j = 0; j < k; j++) {
      vector[at + j] = losses[j] * w;
      vector[at + k + j] = accuracies[j] * w;
    }
    return vector;
  }

  // A slot "variable/slot" is as large as its variable.
  private int slotSize(String slotName) {
    String variable = slotName.substring(0, slotName.lastIndexOf('/'));
    for (Variable v : variables) {
      if (v.name().equals(variable)) {
        return v.size();
      }
    }
    throw new IllegalArgumentException("worker: slot " + slotName + " belongs to no variable");
  }

  private void setWeights(float[] weights) {
    int offset = 0;
    for (Variable v : variables) {
      v.assign(Tensor.of(Arrays.copyOfRange(weights, offset, offset + v.size()), v.shape()));
      offset += v.size();
    }
    if (offset != weights.length) {
      throw new IllegalArgumentException(
          "worker: %d weights broadcast, the model has %d".formatted(weights.length, offset));
    }
  }

  // Stateless: where the shard's order stands follows from the step, so any executor can run any
  // partition's task, a retried one included.
  private static Batcher batcher(Job job, Round round, Shard shard) {
    int p = shard.partition();
    return new Batcher(shard.split(), job.shardSeed(p), round.firstStep() * job.localBatch(p));
  }

  private static Worker borrow(Job job) {
    // Models of an earlier run in this JVM are dropped with it.
    IDLE.keySet().removeIf(id -> !id.equals(job.id()));
    Worker idle = IDLE.computeIfAbsent(job.id(), id -> new ConcurrentLinkedQueue<>()).poll();
    return idle != null ? idle : new Worker(job);
  }
}
