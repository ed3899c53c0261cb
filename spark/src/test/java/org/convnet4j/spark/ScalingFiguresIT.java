package org.convnet4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
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
 * -Dit.test=ScalingFiguresIT -Dconvnet4j.figures=throughput} (images/s of one and two single-core
 * executors of a standalone cluster, for several {@code k}) or {@code =accuracy -Dconvnet4j.k=K}
 * (two epochs of MNIST on two executors with that {@code k}). Prints its figures.
 */
@EnabledIfSystemProperty(named = "convnet4j.figures", matches = "throughput|accuracy")
class ScalingFiguresIT {

  private static final Path TARGET = Path.of("target");

  @Test
  void figures() throws Exception {
    DataSets mnist = DatasetLoader.load(Dataset.MNIST, null);
    try (StandaloneCluster standalone =
        new StandaloneCluster(TARGET.resolve("figures-cluster"), 2)) {
      if (System.getProperty("convnet4j.figures").equals("throughput")) {
        throughput(standalone, mnist);
      } else {
        accuracy(standalone, Integer.getInteger("convnet4j.k", 1));
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
