package org.convnet4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
import org.apache.spark.SparkConf;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingEngine;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The README's figures, not a test: {@code scripts/spark-figures.sh} runs them, or by hand {@code
 * mvn -pl spark -am verify -Dit.test=ScalingFiguresIT -Dconvnet4j.figures=costs} (the scaling
 * model's constants), {@code =throughput -Dconvnet4j.ks=1,4,16 -Dconvnet4j.steps=64} (images/s of
 * one and two single-core executors of a standalone cluster, for each {@code k}) or {@code
 * =accuracy -Dconvnet4j.ks=1,16} (two epochs of MNIST on two executors with each {@code k}), or
 * {@code =results} (a round's fixed cost with the partitions' results through the executors'
 * block managers, Spark's default for results over 1 MiB, against in the tasks' status messages,
 * alternated). Prints its figures on lines starting FIGURE.
 */
@EnabledIfSystemProperty(
    named = "convnet4j.figures",
    matches = "costs|throughput|accuracy|results")
class ScalingFiguresIT {

  private static final Path TARGET = Path.of("target");

  // -Dconvnet4j.batchPerExecutor=B: B images per executor a step (weak scaling); 0, the default,
  // keeps the global batch of 128 whatever the executors.
  private static final int BATCH_PER_EXECUTOR =
      Integer.getInteger("convnet4j.batchPerExecutor", 0);

  @Test
  void figures() throws Exception {
    DataSets mnist = DatasetLoader.load(Dataset.MNIST, null);
    if (System.getProperty("convnet4j.figures").equals("costs")) {
      costs(mnist);
      return;
    }
    try (StandaloneCluster standalone =
        new StandaloneCluster(TARGET.resolve("figures-cluster"), 2)) {
      if (System.getProperty("convnet4j.figures").equals("throughput")) {
        throughput(standalone, mnist);
      } else if (System.getProperty("convnet4j.figures").equals("results")) {
        results(standalone, mnist);
      } else {
        accuracy(standalone);
      }
    }
  }

  // The scaling model's constants: the cost of a round whose compute is next to nothing (a
  // network of one dense layer, 7,850 weights) on local[2] and on two executors of a standalone
  // cluster; and, for the tutorial's 3.27 M weights, what the driver and executors do per byte.
  private static void costs(DataSets mnist) throws Exception {
    TrainingConfig config = TrainingConfig.defaults().withThreads(1);
    int rounds = 40;
    for (String where : new String[] {"local[2]", "standalone"}) {
      StandaloneCluster standalone =
          where.equals("standalone")
              ? new StandaloneCluster(TARGET.resolve("figures-cluster"), 2)
              : null;
      SparkConf conf =
          standalone == null
              ? new SparkConf().setMaster("local[2]").setAppName("figures")
              : standalone.conf("figures", 2);
      try (SparkCluster cluster = new SparkCluster(SparkCluster.configure(conf), 2, 1)) {
        for (boolean large : new boolean[] {false, true}) {
          Sequential model =
              large
                  ? config.preset().model(1)
                  : new Sequential(new int[] {28, 28, 1}, 1, new Flatten(), new Dense(10));
          Optimizer optimizer = config.optimizer().create(config.learningRate());
          TrainingEngine.Steps run =
              cluster.engine().start(config, model, optimizer, mnist.train(), 2, 1, 0);
          for (int s = 0; s < 5; s++) {
            run.run(s, 10_000);
          }
          long start = System.nanoTime();
          for (int s = 5; s < 5 + rounds; s++) {
            run.run(s, 5 + rounds - s == 1 ? 1 : 10_000);
          }
          double ms = (System.nanoTime() - start) / 1e6 / rounds;
          System.out.printf(
              "FIGURE costs %s, %,d weights, batches of 2: %.1f ms a round; split %s%n",
              where, model.parameterCount(), ms, cluster.describe());
        }
      } finally {
        if (standalone != null) {
          standalone.close();
        }
      }
    }
  }

  // Rounds of the tutorial's network on batches of 2 (next to no compute) on two executors, the
  // tasks' results (13 MB each) through the block manager (Spark's default: results over 1 MiB
  // are stored there, announced, fetched by the driver and deleted) or in the tasks' status
  // messages, alternated three times.
  private static void results(StandaloneCluster standalone, DataSets mnist) throws Exception {
    int rounds = Integer.getInteger("convnet4j.steps", 10);
    for (int i = 0; i < 6; i++) {
      boolean direct = i % 2 == 1;
      SparkConf conf = standalone.conf("figures", 2);
      if (direct) {
        conf.set("spark.rpc.message.maxSize", "1024").set("spark.task.maxDirectResultSize", "1g");
      }
      try (SparkCluster cluster = new SparkCluster(SparkCluster.configure(conf), 2, 1)) {
        TrainingConfig config = TrainingConfig.defaults().withThreads(1);
        Optimizer optimizer = config.optimizer().create(config.learningRate());
        TrainingEngine.Steps run =
            cluster
                .engine()
                .start(config, config.preset().model(1), optimizer, mnist.train(), 2, 1, 0);
        for (int s = 0; s < 3; s++) {
          run.run(s, 10_000);
        }
        long start = System.nanoTime();
        for (int s = 3; s < 3 + rounds; s++) {
          run.run(s, 10_000);
        }
        System.out.printf(
            "FIGURE results %s: %.0f ms a round%n",
            direct ? "in the task's message" : "through the block manager",
            (System.nanoTime() - start) / 1e6 / rounds);
      }
    }
  }

  // The k of -Dconvnet4j.ks (a comma-separated list), else the given ones.
  private static int[] ks(String otherwise) {
    return java.util.Arrays.stream(System.getProperty("convnet4j.ks", otherwise).split(","))
        .mapToInt(k -> Integer.parseInt(k.trim()))
        .toArray();
  }

  // For each k, one then two executors: a first round (executors start, read their shards,
  // compile the kernels), then at least -Dconvnet4j.steps steps in whole rounds. The global batch
  // is 128 whatever the executors (strong scaling), or with -Dconvnet4j.batchPerExecutor=B, B
  // images per executor (weak scaling: each executor's steps as large as one executor's alone).
  private static void throughput(StandaloneCluster standalone, DataSets mnist) throws Exception {
    int steps = Integer.getInteger("convnet4j.steps", 64);
    for (int k : ks("1,4,16")) {
      int measured = (steps + k - 1) / k * k;
      for (int executors : new int[] {1, 2}) {
        int batch = BATCH_PER_EXECUTOR > 0 ? BATCH_PER_EXECUTOR * executors : 128;
        try (SparkCluster cluster =
            new SparkCluster(
                SparkCluster.configure(standalone.conf("figures", executors)), executors, k)) {
          TrainingConfig config = TrainingConfig.defaults().withThreads(1);
          Sequential model = config.preset().model(1);
          Optimizer optimizer = config.optimizer().create(config.learningRate());
          TrainingEngine.Steps run =
              cluster
                  .engine()
                  .start(config, model, optimizer, mnist.train(), batch, 1, 0);
          for (int s = 0; s < k; s++) {
            run.run(s, k - s);
          }
          long start = System.nanoTime();
          for (int s = k; s < k + measured; s++) {
            run.run(s, k + measured - s);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "FIGURE executors=%d k=%d: %d steps of %d in %.1f s, %.0f images/s; split %s%n",
              executors,
              k,
              measured,
              batch,
              seconds,
              (double) measured * batch / seconds,
              cluster.describe());
        }
      }
    }
  }

  // Two epochs of MNIST on two executors for each k (or -Dconvnet4j.maxSteps steps, to try it).
  // With -Dconvnet4j.batchPerExecutor=B, global batches of 2B, as the weak-scaling throughput.
  private static void accuracy(StandaloneCluster standalone) throws Exception {
    long maxSteps = Long.getLong("convnet4j.maxSteps", 0);
    for (int k : ks(Integer.toString(Integer.getInteger("convnet4j.k", 1)))) {
      Path run = Files.createTempDirectory(TARGET, "figures-run");
      TrainingConfig defaults = TrainingConfig.defaults().withEpochs(2).withThreads(1);
      TrainingConfig config =
          BATCH_PER_EXECUTOR > 0 ? defaults.withBatchSize(2 * BATCH_PER_EXECUTOR) : defaults;
      try (SparkCluster cluster =
          new SparkCluster(SparkCluster.configure(standalone.conf("figures", 2)), 2, k)) {
        TrainingResult result =
            cluster.train(
                config
                    .withOptions(config.options().withMaxSteps(maxSteps))
                    .withOutputDir(run),
                TrainingListener.NONE);
        List<EpochMetrics> epochs = result.history().epochs();
        System.out.printf(
            "FIGURE accuracy executors=2 k=%d: test %.4f, validation %.4f after %d epochs"
                + " (%.0f s of training, batches of %d); epochs %s, split %s%n",
            k,
            result.test().accuracy(),
            epochs.isEmpty() ? Double.NaN : epochs.getLast().validationAccuracy(),
            epochs.size(),
            epochs.stream().mapToDouble(EpochMetrics::seconds).sum(),
            config.batchSize(),
            epochs,
            cluster.describe());
      }
    }
  }
}
