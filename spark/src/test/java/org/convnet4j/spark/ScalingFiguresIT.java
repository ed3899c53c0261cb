package org.convnet4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
import org.apache.spark.SparkConf;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingEngine;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The README's figures, not a test: run by hand with {@code mvn -pl spark -am verify
 * -Dit.test=ScalingFiguresIT -Dconvnet4j.figures=costs} (the scaling model's constants), {@code
 * =throughput} (images/s of one and two single-core executors of a standalone cluster, for several
 * {@code k}) or {@code =accuracy -Dconvnet4j.k=K} (two epochs of MNIST on two executors with that
 * {@code k}). Prints its figures on lines starting FIGURE.
 */
@EnabledIfSystemProperty(named = "convnet4j.figures", matches = "costs|throughput|accuracy")
class ScalingFiguresIT {

  private static final Path TARGET = Path.of("target");

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
      } else {
        accuracy(standalone, Integer.getInteger("convnet4j.k", 1));
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

  private static void throughput(StandaloneCluster standalone, DataSets mnist) throws Exception {
    int steps = Integer.getInteger("convnet4j.steps", 64);
    for (int executors : new int[] {1, 2}) {
      for (int k : new int[] {1, 4, 16}) {
        try (SparkCluster cluster =
            new SparkCluster(
                SparkCluster.configure(standalone.conf("figures", executors)), executors, k)) {
          TrainingConfig config = TrainingConfig.defaults().withThreads(1);
          Sequential model = config.preset().model(1);
          Optimizer optimizer = config.optimizer().create(config.learningRate());
          TrainingEngine.Steps run =
              cluster
                  .engine()
                  .start(config, model, optimizer, mnist.train(), 128, 1, 0);
          // A first round of k steps: executors start, read their shards, compile the kernels.
          for (int s = 0; s < k; s++) {
            run.run(s, k - s);
          }
          long start = System.nanoTime();
          for (int s = k; s < k + steps; s++) {
            run.run(s, k + steps - s);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "FIGURE executors=%d k=%d: %d steps of 128 in %.1f s, %.0f images/s; split %s%n",
              executors, k, steps, seconds, steps * 128 / seconds, cluster.describe());
        }
      }
    }
  }

  private static void accuracy(StandaloneCluster standalone, int k) throws Exception {
    Path run = Files.createTempDirectory(TARGET, "figures-run");
    try (SparkCluster cluster =
        new SparkCluster(SparkCluster.configure(standalone.conf("figures", 2)), 2, k)) {
      TrainingResult result =
          cluster.train(
              TrainingConfig.defaults().withEpochs(2).withThreads(1).withOutputDir(run),
              TrainingListener.NONE);
      Map<String, Object> described = cluster.describe();
      System.out.printf(
          "FIGURE accuracy executors=2 k=%d: test %.4f, epochs %s, split %s%n",
          k, result.test().accuracy(), result.history().epochs(), described);
    }
  }
}
