package org.convnet4j.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.convnet4j.cli.ClusterTraining;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;

/**
 * {@code train --spark-master}: a Spark context and a {@link SparkTrainingEngine} on it, under
 * {@link TrainingRun}, which does everything else as on one machine.
 *
 * <p>Settings Spark reads from {@code spark.*} system properties or {@code spark-submit} stand;
 * missing ones get what convnet4j needs: the executors' JVM options (the Vector API, the modules
 * Spark opens on JDK 25) and this jar for the executors to load the code from.
 */
public final class SparkCluster implements ClusterTraining {

  /** The JVM options executors need, unless {@code spark.executor.extraJavaOptions} is set. */
  static final String EXECUTOR_JVM_OPTIONS =
      String.join(
          " ",
          "--add-modules=jdk.incubator.vector",
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "-XX:+UseParallelGC",
          "-XX:ObjectAlignmentInBytes=64");

  private final JavaSparkContext spark;
  private final SparkTrainingEngine engine;

  /** Connects through {@link ClusterTraining#open}. */
  public static final class Provider implements ClusterTraining.Provider {

    /**
     * A context on {@code master} and an engine with {@code partitions} and {@code syncEvery}, or
     * for a resumed run the ones it was trained with ({@link SparkTrainingEngine#settings()}).
     *
     * @throws IllegalArgumentException if there is no master, the resumed run was not trained on
     *     Spark, or an option differs from the resumed run's
     */
    @Override
    public ClusterTraining open(
        String master, Integer partitions, Integer syncEvery, Map<String, String> resumed) {
      if (!resumed.isEmpty() && !SparkTrainingEngine.NAME.equals(resumed.get("name"))) {
        throw new IllegalArgumentException(
            "--resume: the run was trained by the engine %s, not on Spark".formatted(resumed));
      }
      // Options first: a context takes seconds to start.
      int n =
          option(
              "--partitions",
              partitions,
              resumed.get(SparkTrainingEngine.PARTITIONS),
              SparkTrainingEngine.DEFAULT_PARTITIONS);
      int k = option("--sync-every", syncEvery, resumed.get(SparkTrainingEngine.SYNC_EVERY), 1);
      SparkConf conf = new SparkConf().setAppName("convnet4j train");
      if (master != null) {
        conf.setMaster(master);
      }
      if (!conf.contains("spark.master")) {
        throw new IllegalArgumentException(
            (resumed.isEmpty() ? "--partitions" : "--resume")
                + ": no Spark master; give --spark-master local[N] or spark://HOST:PORT");
      }
      return new SparkCluster(configure(conf), n, k);
    }

    // The option's value: as given, else the resumed run's, else the default; a resumed run
    // keeps its own, so a value that differs is an error.
    private static int option(String name, Integer given, String resumed, int otherwise) {
      if (resumed == null) {
        return given == null ? otherwise : given;
      }
      int kept = Integer.parseInt(resumed);
      if (given != null && given != kept) {
        throw new IllegalArgumentException(
            "%s: the resumed run was trained with %d, and keeps it to continue as it started;"
                    .formatted(name, kept)
                + " give %d or leave it out, got %d".formatted(kept, given));
      }
      return kept;
    }
  }

  /** A cluster on a context made from {@code conf} (see {@link #configure}). */
  public SparkCluster(SparkConf conf, int partitions, int syncEvery) {
    // Check the options before starting a context, which takes seconds.
    SparkTrainingEngine.check(partitions, syncEvery);
    this.spark = new JavaSparkContext(conf);
    this.engine = new SparkTrainingEngine(spark, partitions, syncEvery);
  }

  /**
   * {@code conf} with what convnet4j needs where it says nothing: the executors' JVM options and,
   * when this code runs from a jar, that jar for the executors.
   */
  public static SparkConf configure(SparkConf conf) {
    conf.setIfMissing("spark.executor.extraJavaOptions", EXECUTOR_JVM_OPTIONS);
    // The broadcast is weights, which compression barely shrinks, at a cost every round.
    conf.setIfMissing("spark.broadcast.compress", "false");
    if (conf.get("spark.master").startsWith("local")) {
      // Nothing but this JVM takes part: no need for a network interface.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    if (!conf.contains("spark.jars")) {
      ownJar().ifPresent(jar -> conf.set("spark.jars", jar.toString()));
    }
    return conf;
  }

  private static Optional<Path> ownJar() {
    try {
      Path p =
          Path.of(SparkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The engine, for runs started through the library. */
  public SparkTrainingEngine engine() {
    return engine;
  }

  @Override
  public TrainingResult train(TrainingConfig config, TrainingListener listener)
      throws IOException {
    return TrainingRun.start(localData(config), engine, listener);
  }

  @Override
  public TrainingResult train(TrainingConfig config, Sequential model, TrainingListener listener)
      throws IOException {
    return TrainingRun.start(localData(config), model, engine, listener);
  }

  @Override
  public TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener)
      throws IOException {
    return TrainingRun.resume(runDir, epochs == null ? 0 : epochs, engine, listener);
  }

  @Override
  public Map<String, Object> describe() {
    return engine.describe();
  }

  @Override
  public void close() {
    spark.close();
  }

  // A Hadoop data folder is copied to this machine for the driver; the run's settings name the
  // copy, whose name says where it came from (DataSource), so executors read the original.
  private static TrainingConfig localData(TrainingConfig config) throws IOException {
    if (config.dataDir() != null && DataSource.isHadoopAddress(config.dataDir().toString())) {
      return config.withDataDir(DataSource.copyToLocal(config.dataDir().toString()));
    }
    return config;
  }
}
