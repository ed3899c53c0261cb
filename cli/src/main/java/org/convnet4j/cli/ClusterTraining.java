package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;

/**
 * Training on a cluster, for {@code train --spark-master}: the {@code spark} module provides it
 * through {@link ServiceLoader}, so the command line itself needs no cluster library. Everything
 * but where the steps run is {@code train}'s own: checkpoints, {@code metrics.json}, the report.
 */
public interface ClusterTraining extends AutoCloseable {

  /** Connects to a cluster; registered in {@code META-INF/services}. */
  interface Provider {

    /**
     * Connects to {@code master} (or the one {@code spark-submit} set, when {@code null}).
     *
     * @param partitions shards of the training set, or {@code null} for the default
     * @param syncEvery local steps per round, or {@code null} for 1
     * @param resumed the engine settings of the run to resume ({@link
     *     org.convnet4j.train.Checkpoint#engineSettings()}), which give the options left out; empty
     *     for a fresh run
     * @throws IllegalArgumentException naming the option if one differs from the resumed run's
     */
    ClusterTraining open(
        String master, Integer partitions, Integer syncEvery, Map<String, String> resumed);
  }

  /** Trains a fresh model as {@code config} says. */
  TrainingResult train(TrainingConfig config, TrainingListener listener) throws IOException;

  /** Trains {@code model}, fresh (one read from a model file), as {@code config} says. */
  TrainingResult train(TrainingConfig config, Sequential model, TrainingListener listener)
      throws IOException;

  /**
   * Continues the run in {@code runDir}, up to {@code epochs} or the epochs it was started with.
   */
  TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener) throws IOException;

  /** What the cluster measured, as {@code metrics.json}'s {@code engine} object holds it. */
  Map<String, Object> describe();

  /** Disconnects from the cluster. */
  @Override
  void close();

  /**
   * The first provider on the class path, connected (see {@link Provider#open}).
   *
   * @throws IllegalArgumentException if there is none
   */
  static ClusterTraining open(
      String master, Integer partitions, Integer syncEvery, Map<String, String> resumed) {
    return ServiceLoader.load(Provider.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    master == null && !resumed.isEmpty()
                        ? "--resume: the run was trained on Apache Spark; give --spark-master"
                            + " local[N] or spark://HOST:PORT (its --partitions and --sync-every"
                            + " are kept), or run it through spark-submit"
                        : "--spark-master: Spark support is not on the class path; run"
                            + " ./convnet4j, which adds it, or spark-submit"
                            + " spark/target/convnet4j-spark.jar"))
        .open(master, partitions, syncEvery, resumed);
  }
}
