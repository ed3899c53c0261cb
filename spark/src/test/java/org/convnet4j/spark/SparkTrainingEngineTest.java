package org.convnet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.data.Batch;
import org.convnet4j.data.Batcher;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Adam;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.train.MetricsFile;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingEngine;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;
import org.convnet4j.train.TrainingStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps on {@code local[2]} against the same steps on one machine: a round of synchronous SGD is
 * one machine's step on the union of the partitions' batches, and with one partition a round of
 * several local steps is those steps, bit for bit. Runs repeat, resumed or not.
 */
class SparkTrainingEngineTest {

  private static final long SHUFFLE_SEED = 7;
  private static final int BATCH = 96;

  @TempDir static Path dataDir;
  private static JavaSparkContext spark;
  private static DataSets data;

  @BeforeAll
  static void startSpark() throws IOException {
    SyntheticIdx.write(dataDir, 600, 50, 1);
    data = DatasetLoader.load(Dataset.MNIST, dataDir);
    spark =
        new JavaSparkContext(
            SparkCluster.configure(
                new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("SparkTrainingEngineTest")
                    .set("spark.ui.enabled", "false")));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  // The tutorial's layers, smaller and without dropout, whose masks differ with the batch's split.
  private static Sequential model() {
    return new Sequential(
        new int[] {28, 28, 1},
        3,
        new Conv2D(8, 5, 1, Padding.SAME, Activation.RELU),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(32, Activation.RELU),
        new Dense(10));
  }

  private static TrainingConfig config() {
    return TrainingConfig.defaults().withBatchSize(BATCH).withDataDir(dataDir).withThreads(1);
  }

  private static TrainingEngine.Steps start(
      int partitions, int syncEvery, Sequential model, Optimizer optimizer) {
    return new SparkTrainingEngine(spark, partitions, syncEvery)
        .start(config(), model, optimizer, data.train(), BATCH, SHUFFLE_SEED, 0);
  }

  // What each partition trains on at a step: its shard's next local batch, as Worker takes it.
  private static Batch unionOfLocalBatches(int partitions, long step) {
    Job job =
        new Job(
            "", null, data.train().size(), null, 0, List.of(), partitions, BATCH, SHUFFLE_SEED,
            "adam", 0.001f, "constant", 1, 1);
    List<float[]> images = new ArrayList<>();
    List<float[]> labels = new ArrayList<>();
    int n = 0;
    for (int p = 0; p < partitions; p++) {
      DataSplit shard = Shard.of(data.train(), p, partitions, data.train().size()).split();
      Batch b =
          new Batcher(shard, job.shardSeed(p), step * job.localBatch(p))
              .nextBatch(job.localBatch(p));
      images.add(b.images().toFloatArray());
      labels.add(b.labels().toFloatArray());
      n += b.size();
    }
    return new Batch(
        Tensor.of(concat(images), n, 28, 28, 1), Tensor.of(concat(labels), n, 10));
  }

  @Test
  void aRoundOfSynchronousSgdIsOneMachinesStepOnTheGlobalBatch() {
    int partitions = 3;
    Sequential distributed = model();
    Sequential single = model();
    Adam singleOptimizer = new Adam(0.001f);
    TrainingEngine.Steps steps = start(partitions, 1, distributed, new Adam(0.001f));
    TrainingStep singleStep = new TrainingStep(single, singleOptimizer);
    float[] initial = weights(single);

    for (int step = 0; step < 2; step++) {
      TrainingStep.Result d = steps.run(step, 10);
      TrainingStep.Result s = singleStep.run(unionOfLocalBatches(partitions, step), step);
      assertThat(d.loss()).isCloseTo(s.loss(), offset(1e-5f));
      assertThat(d.accuracy()).isCloseTo(s.accuracy(), offset(1e-6f));
    }

    // The gradients differ only in the order of their sums over the batch; Adam's first steps move
    // each weight by about the learning rate, so differences stay a few millionths of that.
    float[] a = weights(distributed);
    float[] b = weights(single);
    double largestMove = 0;
    double largestDifference = 0;
    for (int i = 0; i < a.length; i++) {
      largestMove = Math.max(largestMove, Math.abs(b[i] - initial[i]));
      largestDifference = Math.max(largestDifference, Math.abs(a[i] - b[i]));
    }
    assertThat(largestMove).isGreaterThan(1e-3);
    assertThat(largestDifference).isLessThan(1e-4 * largestMove);
  }

  @Test
  void onOnePartitionBothKindsOfRoundAreOneMachinesStepsBitForBit() {
    for (int syncEvery : new int[] {1, 3}) {
      Sequential distributed = model();
      Sequential single = model();
      TrainingEngine.Steps steps = start(1, syncEvery, distributed, new Adam(0.001f));
      TrainingStep singleStep = new TrainingStep(single, new Adam(0.001f));
      for (int step = 0; step < 6; step++) {
        TrainingStep.Result d = steps.run(step, 6 - step);
        TrainingStep.Result s = singleStep.run(unionOfLocalBatches(1, step), step);
        assertThat(d).isEqualTo(s);
      }
      assertSameBits(weights(distributed), weights(single));
    }
  }

  @Test
  void roundsOfModelAveragingRepeatBitForBit() {
    float[][] runs = new float[2][];
    List<List<TrainingStep.Result>> results = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Sequential model = model();
      TrainingEngine.Steps steps = start(3, 2, model, new Adam(0.001f));
      List<TrainingStep.Result> r = new ArrayList<>();
      for (int step = 0; step < 5; step++) {
        r.add(steps.run(step, 5 - step));
      }
      runs[run] = weights(model);
      results.add(r);
    }
    assertSameBits(runs[1], runs[0]);
    assertThat(results.get(1)).isEqualTo(results.get(0));
    // Learning: the averaged model's loss falls.
    assertThat(results.get(0).get(4).loss()).isLessThan(results.get(0).get(0).loss());
  }

  @Test
  void aResumedRunRepeatsTheUninterruptedOneBitForBit(@TempDir Path runs) throws IOException {
    TrainingConfig config =
        TrainingConfig.defaults()
            .withDataDir(dataDir)
            .withBatchSize(64)
            .withThreads(1)
            .withEpochs(2);
    SparkTrainingEngine engine = new SparkTrainingEngine(spark, 2, 3);

    TrainingResult whole =
        TrainingRun.start(
            config.withOutputDir(runs.resolve("whole")), model(), engine, TrainingListener.NONE);
    TrainingRun.start(
        config.withEpochs(1).withOutputDir(runs.resolve("cut")),
        model(),
        engine,
        TrainingListener.NONE);
    TrainingResult resumed =
        TrainingRun.resume(runs.resolve("cut"), 2, engine, TrainingListener.NONE);

    assertThat(resumed.history().stepLosses()).containsExactly(whole.history().stepLosses());
    assertSameBits(weights(resumed.model()), weights(whole.model()));
    assertThat(Files.readString(runs.resolve("cut").resolve(MetricsFile.FILE_NAME)))
        .contains("\"sync_every\": 3");
  }

  // containsExactly on millions of floats would take minutes to describe a difference.
  private static void assertSameBits(float[] actual, float[] expected) {
    int differences = 0;
    int first = -1;
    for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
      if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        differences++;
        first = first < 0 ? i : first;
      }
    }
    assertThat(actual.length).isEqualTo(expected.length);
    assertThat(differences)
        .as(
            "weights differing, the first at %d: %s against %s",
            first,
            first < 0 ? "" : actual[first],
            first < 0 ? "" : expected[first])
        .isZero();
  }

  private static float[] weights(Sequential model) {
    List<float[]> all = model.variables().stream().map(Variable::value).map(Tensor::toFloatArray)
        .toList();
    return concat(all);
  }

  private static float[] concat(List<float[]> arrays) {
    int size = arrays.stream().mapToInt(a -> a.length).sum();
    float[] out = new float[size];
    int at = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }
}
