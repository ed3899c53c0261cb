package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.convnet4j.train.MetricsFile;
import org.convnet4j.train.StepMetrics;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * A real standalone cluster on 127.0.0.1 ({@link StandaloneCluster}: a Master and a Worker in JVMs
 * of their own), the Worker starting two single-core executors, which load convnet4j from the
 * driver's jar and read their shards from the data folder. Trains the tutorial's network a little,
 * losing an executor on the way; the cluster is stopped by process id whatever happens.
 */
class StandaloneClusterIT {

  private static final Path TARGET = Path.of("target");

  @Test
  void twoExecutorsOfAStandaloneWorkerTrainTheTutorialsNetworkThroughTheLossOfOne()
      throws Exception {
    Path data = SyntheticIdx.write(Files.createTempDirectory(TARGET, "idx"), 640, 200, 5);
    Path run = Files.createTempDirectory(TARGET, "standalone-run");
    try (StandaloneCluster standalone =
        new StandaloneCluster(TARGET.resolve("standalone-cluster"), 2)) {
      // A lost executor: its tasks fail and Spark runs them again elsewhere, reading the shards it
      // held from the data folder again.
      AtomicLong killed = new AtomicLong();
      TrainingListener killer =
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
              if (step.step() == 3) {
                killed.set(standalone.killAnExecutor());
              }
            }
          };
      TrainingResult result;
      Map<String, Object> described;
      try (SparkCluster cluster =
          new SparkCluster(
              SparkCluster.configure(standalone.conf("StandaloneClusterIT", 2)), 2, 1)) {
        result =
            cluster.train(
                TrainingConfig.defaults()
                    .withDataDir(data)
                    .withEpochs(1)
                    .withBatchSize(64)
                    .withThreads(1)
                    .withOutputDir(run),
                killer);
        described = cluster.describe();
      }

      // Bars across one of ten rows: an easy task, learned in one epoch of 10 rounds.
      assertThat(result.test().accuracy()).isGreaterThan(0.9);
      assertThat(described)
          .containsEntry("master", standalone.master())
          .containsEntry("partitions", 2);
      assertThat(Files.readString(run.resolve(MetricsFile.FILE_NAME)))
          .contains("\"engine\": {")
          .contains("\"compute_seconds\": ");
      // Two executors of one core each, started by the Worker in JVMs of their own, and a third
      // for the one killed.
      assertThat(killed.get()).isPositive();
      assertThat(standalone.workerLog().split("Asked to launch executor", -1).length - 1)
          .isGreaterThanOrEqualTo(3);
    }
  }
}
