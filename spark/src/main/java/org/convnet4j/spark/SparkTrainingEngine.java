package org.convnet4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.convnet4j.Tensor;
import org.convnet4j.Threads;
import org.convnet4j.Variable;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerState;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingEngine;
import org.convnet4j.train.TrainingStep;

/**
 * Synchronous data-parallel training on Spark. The training set is split into {@code partitions}
 * shards, which the executors read from the run's data folder themselves and keep in memory
 * (the driver never sends data). Each round the driver broadcasts the weights; each partition runs
 * the round's steps on its shard, on its share of the global batch; the partitions' results are
 * summed as {@code treeAggregate} does, in a fixed order ({@link TreeSum}, {@link #groupSize});
 * the driver updates the model:
 *
 * <ul>
 *   <li>{@code syncEvery = 1}: synchronous SGD. The summed gradients are the global batch's, and
 *       the driver's optimizer applies them: the step one machine would take on that batch, up to
 *       the order of the sums inside the gradients.
 *   <li>{@code syncEvery = k > 1}: periodic model averaging, as Deeplearning4j's parameter
 *       averaging. Each partition runs {@code k} local steps from the broadcast weights and
 *       optimizer state, under the run's learning-rate schedule (rounds end at epoch ends); the
 *       driver takes the averages of both. A round
 *       sends the optimizer's state too (Adam: three times the weights) but synchronises {@code k}
 *       times less often.
 * </ul>
 *
 * For a given seed, partition count and {@code k}, the weights are the same bits run after run,
 * whatever the executors and the order their results arrive in. A failed task is run again by
 * Spark (it depends only on the round and the shard); a lost driver resumes from the last
 * checkpoint.
 */
public final class SparkTrainingEngine implements TrainingEngine {

  /** How many partitions when none are given: one per core of a {@code local[N]} master, or 2. */
  static final int DEFAULT_PARTITIONS = 2;

  /** The engine's name in its {@link #settings()}. */
  static final String NAME = "spark";

  /** The key of {@code --partitions} in {@link #settings()} and {@link #describe()}. */
  static final String PARTITIONS = "partitions";

  /** The key of {@code --sync-every} in {@link #settings()} and {@link #describe()}. */
  static final String SYNC_EVERY = "sync_every";

  private final JavaSparkContext spark;
  private final int partitions;
  private final int syncEvery;
  private final List<Map<String, Object>> epochs = new ArrayList<>();
  private JavaRDD<Shard> shards;

  /**
   * An engine on {@code spark}.
   *
   * @throws IllegalArgumentException if {@code partitions} or {@code syncEvery} is below 1
   */
  public SparkTrainingEngine(JavaSparkContext spark, int partitions, int syncEvery) {
    check(partitions, syncEvery);
    this.spark = spark;
    this.partitions = partitions;
    this.syncEvery = syncEvery;
  }

  /**
   * Checks the engine's options.
   *
   * @throws IllegalArgumentException naming the option if {@code partitions} or {@code syncEvery}
   *     is below 1
   */
  static void check(int partitions, int syncEvery) {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions: must be at least 1, got " + partitions);
    }
    if (syncEvery < 1) {
      throw new IllegalArgumentException("--sync-every: must be at least 1, got " + syncEvery);
    }
  }

  @Override
  public Steps start(
      TrainingConfig config,
      Sequential model,
      Optimizer optimizer,
      DataSplit train,
      int batchSize,
      long shuffleSeed,
      long stepsDone) {
    if (config == null) {
      throw new IllegalArgumentException(
          "spark: training on a cluster needs the run's settings, to tell executors the data");
    }
    if (batchSize < partitions) {
      throw new IllegalArgumentException(
          "--partitions: %d partitions cannot share batches of %d examples"
              .formatted(partitions, batchSize));
    }
    int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
    Job job =
        new Job(
            UUID.randomUUID().toString(),
            new DataSource(config.dataset().cliName(), dataFolder(config)),
            train.size(),
            model.inputShape(),
            model.seed(),
            model.specs().stream().map(Object::toString).toList(),
            partitions,
            batchSize,
            shuffleSeed,
            optimizer.type().cliName(),
            config.learningRate(),
            config.options().schedule(),
            stepsPerEpoch,
            (long) config.epochs() * stepsPerEpoch);
    if (shards != null) {
      shards.unpersist(false);
    }
    epochs.clear();
    shards =
        spark
            .parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
            .map(p -> Shard.read(job.source(), p, job.partitions(), job.trainSize()))
            .persist(StorageLevel.MEMORY_ONLY());
    return new Rounds(job, model, optimizer, config.threads(), stepsPerEpoch);
  }

  // Executors run in folders of their own: a relative path means the driver's folder.
  private static String dataFolder(TrainingConfig config) {
    if (config.dataDir() == null) {
      return null;
    }
    String folder = config.dataDir().toString();
    return DataSource.isHadoopAddress(folder)
        ? folder
        : config.dataDir().toAbsolutePath().toString();
  }

  /**
   * The run's settings and, per epoch of the last {@link #start} (a resumed run's, since it
   * resumed), its rounds and where their time went:
   * {@code compute_seconds} (the slowest partition's steps), {@code broadcast_seconds} (the driver
   * writing the broadcast, plus the slowest executor reading it), {@code update_seconds} (the
   * driver applying the sum), {@code aggregation_seconds} (the rest of the rounds: summing the
   * results, scheduling and starting the tasks).
   */
  /**
   * {@code name} {@value #NAME}, {@code partitions} and {@code sync_every}: what a resumed run keeps
   * (see {@link SparkCluster.Provider#open}).
   */
  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("name", NAME);
    s.put(PARTITIONS, Integer.toString(partitions));
    s.put(SYNC_EVERY, Integer.toString(syncEvery));
    return s;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("master", spark.master());
    d.put(PARTITIONS, partitions);
    d.put(SYNC_EVERY, syncEvery);
    d.put("epochs", List.copyOf(epochs));
    return d;
  }

  private final class Rounds implements Steps {

    private final Job job;
    private final List<Variable> variables;
    private final Optimizer optimizer;
    private final int driverThreads;
    private final int stepsPerEpoch;
    private final List<TrainingStep.Result> pending = new ArrayList<>();
    private long pendingFrom;
    private final double[] seconds = new double[4]; // compute, broadcast, aggregation, update
    private int rounds;

    Rounds(Job job, Sequential model, Optimizer optimizer, int driverThreads, int stepsPerEpoch) {
      this.job = job;
      this.variables = model.variables();
      this.optimizer = optimizer;
      this.driverThreads = driverThreads;
      this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public TrainingStep.Result run(long step, int remainingInEpoch) {
      int index = (int) (step - pendingFrom);
      if (index < 0 || index >= pending.size()) {
        round(step, Math.min(syncEvery, remainingInEpoch));
        index = 0;
      }
      TrainingStep.Result r = pending.get(index);
      if (index + 1 == pending.size() && remainingInEpoch == 1) {
        endEpoch(step);
      }
      return r;
    }

    private void round(long firstStep, int steps) {
      long start = System.nanoTime();
      Round round = roundInput(firstStep, steps);
      Broadcast<Round> broadcast = spark.broadcast(round);
      long broadcastDone = System.nanoTime();
      TreeSum sum;
      try {
        sum = aggregate(job, broadcast);
      } finally {
        // Tasks in this JVM (local masters) set the kernels' threads to their own.
        Threads.set(driverThreads);
        broadcast.destroy(false);
      }
      long aggregated = System.nanoTime();
      pending.clear();
      pendingFrom = firstStep;
      update(round, sum);
      long end = System.nanoTime();
      double compute = sum.maxComputeNanos() / 1e9;
      double fetch = sum.maxFetchNanos() / 1e9;
      seconds[0] += compute;
      seconds[1] += (broadcastDone - start) / 1e9 + fetch;
      seconds[2] += Math.max(0, (aggregated - broadcastDone) / 1e9 - compute - fetch);
      seconds[3] += (end - aggregated) / 1e9;
      rounds++;
    }

    // treeAggregate's two levels, with groups of consecutive partitions rather than its
    // partitions modulo the group count, so that each group's sum is a node of TreeSum's fixed
    // tree, and summing on an executor shrinks what reaches the driver.
    private TreeSum aggregate(Job j, Broadcast<Round> broadcast) {
      int n = partitions;
      int g = groupSize(n);
      JavaRDD<TreeSum> sums =
          shards.mapPartitions(
              it -> {
                TreeSum s = new TreeSum(n, g);
                while (it.hasNext()) {
                  s = Worker.run(j, broadcast, it.next(), s);
                }
                return List.of(s).iterator();
              });
      if (g < n) {
        sums =
            sums.keyBy(s -> s.lowestPartition() / g)
                .reduceByKey(TreeSum::merge, (n + g - 1) / g)
                .values();
      }
      return sums.reduce(TreeSum::merge);
    }

    private Round roundInput(long firstStep, int steps) {
      float[] weights = flatten(variables.stream().map(v -> v.value().toFloatArray()).toList());
      if (steps == 1) {
        return new Round(firstStep, 1, weights, 0f, 0, new String[0], new float[0]);
      }
      OptimizerState state = optimizer.state();
      return new Round(
          firstStep,
          steps,
          weights,
          optimizer.learningRateAt(firstStep),
          state.iterations(),
          state.slots().keySet().toArray(String[]::new),
          flatten(List.copyOf(state.slots().values())));
    }

    // Applies the summed results; a round whose loss is not finite changes nothing, and the
    // trainer stops at its first such step.
    private void update(Round round, TreeSum sum) {
      float[] total = sum.total();
      int k = round.steps();
      float[] losses = Arrays.copyOfRange(total, total.length - 2 * k, total.length - k);
      float[] accuracies = Arrays.copyOfRange(total, total.length - k, total.length);
      boolean finite = true;
      for (int j = 0; j < k; j++) {
        pending.add(new TrainingStep.Result(losses[j], accuracies[j]));
        finite &= Float.isFinite(losses[j]);
      }
      if (!finite) {
        return;
      }
      if (k == 1) {
        optimizer.apply(variables, unflatten(total));
        return;
      }
      int offset = setWeights(total);
      Worker.Layout layout = (Worker.Layout) sum.layout();
      Map<String, float[]> slots = new LinkedHashMap<>();
      for (int s = 0; s < layout.slotNames().length; s++) {
        int size = layout.slotSizes()[s];
        slots.put(layout.slotNames()[s], Arrays.copyOfRange(total, offset, offset + size));
        offset += size;
      }
      optimizer.restore(new OptimizerState(round.iterations() + k, slots), variables);
    }

    private Tensor[] unflatten(float[] values) {
      Tensor[] tensors = new Tensor[variables.size()];
      int offset = 0;
      for (int i = 0; i < tensors.length; i++) {
        Variable v = variables.get(i);
        tensors[i] =
            Tensor.of(Arrays.copyOfRange(values, offset, offset + v.size()), v.shape());
        offset += v.size();
      }
      return tensors;
    }

    private int setWeights(float[] values) {
      Tensor[] tensors = unflatten(values);
      int offset = 0;
      for (int i = 0; i < tensors.length; i++) {
        variables.get(i).assign(tensors[i]);
        offset += tensors[i].size();
      }
      return offset;
    }

    private void endEpoch(long lastStep) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", (int) (lastStep / stepsPerEpoch) + 1);
      e.put("rounds", rounds);
      e.put("compute_seconds", seconds[0]);
      e.put("broadcast_seconds", seconds[1]);
      e.put("aggregation_seconds", seconds[2]);
      e.put("update_seconds", seconds[3]);
      epochs.add(e);
      Arrays.fill(seconds, 0);
      rounds = 0;
    }
  }

  /**
   * The partitions summed together on an executor before the driver sums the groups: {@code
   * ceil(sqrt(n))}, as {@code treeAggregate} of depth 2, when that level pays (more than {@code g
   * + n / g} partitions, its rule); else {@code n}, every partition's result going to the driver.
   */
  static int groupSize(int n) {
    int g = (int) Math.ceil(Math.sqrt(n));
    return n > g + (n + g - 1) / g ? g : n;
  }

  private static float[] flatten(List<float[]> arrays) {
    int size = 0;
    for (float[] a : arrays) {
      size += a.length;
    }
    float[] flat = new float[size];
    int offset = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, flat, offset, a.length);
      offset += a.length;
    }
    return flat;
  }
}
