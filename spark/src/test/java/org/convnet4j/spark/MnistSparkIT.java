package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's network trained on MNIST by synchronous SGD on {@code local[2]}, two partitions
 * of 64 images per step (the default global batch of 128), two epochs: at least 98.5 % test
 * accuracy, as on one machine. MNIST comes from the cache, fetched on first use.
 */
class MnistSparkIT {

  @Test
  void twoEpochsOfSynchronousSgdOnTwoPartitionsReach98Point5Percent() throws Exception {
    Path run = Files.createTempDirectory(Path.of("target"), "mnist-run");
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("MnistSparkIT")
            .set("spark.ui.enabled", "false");
    TrainingResult result;
    Map<String, Object> described;
    try (SparkCluster cluster = new SparkCluster(SparkCluster.configure(conf), 2, 1)) {
      result =
          cluster.train(
              TrainingConfig.defaults().withEpochs(2).withThreads(2).withOutputDir(run),
              TrainingListener.NONE);
      described = cluster.describe();
    }

    assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.985);
    assertThat((List<?>) described.get("epochs")).hasSize(2);
    System.out.printf(
        "MNIST on local[2], k=1: test accuracy %.4f, epochs %s, time split %s%n",
        result.test().accuracy(), result.history().epochs(), described);
  }
}
