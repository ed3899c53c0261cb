package org.convnet4j.train.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convnet4j.Threads;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick experiment ({@link TranslationConfig#quick()}) on real MNIST, fetched into the cache
 * unless it is there already: the shape of its results is what the literature leads us to expect.
 * The locally connected network is left out: its per-position products take half the quick run's
 * time (738 s of which about 350 for it, on 2 cores under heavy load), and nothing here asserts
 * on it.
 */
class TranslationExperimentIT {

  /** Ten classes: a network that ignores its input is right this often. */
  private static final double CHANCE = 0.1;

  @TempDir static Path dir;

  private static TranslationResult result;

  @BeforeAll
  static void runTheQuickExperiment() throws IOException {
    DataSets mnist = DatasetLoader.load(Dataset.MNIST, null);
    int threads = Threads.get();
    Threads.set(2);
    try {
      TranslationConfig config =
          TranslationConfig.quick()
              .withNetworks(
                  List.of(
                      TranslationNetwork.DENSE,
                      TranslationNetwork.CONV_DENSE,
                      TranslationNetwork.CONV_GLOBAL_POOL));
      result = TranslationExperiment.run(config, mnist, System.out::println);
    } finally {
      Threads.set(threads);
    }
    result.writeMetrics(dir.resolve(TranslationResult.METRICS_FILE));
  }

  private static TranslationCell cell(Regime regime, TranslationNetwork network) {
    return result.cell(4_000, regime, network).orElseThrow();
  }

  @Test
  void everyNetworkRanInEveryRegime() {
    assertThat(result.cells()).hasSize(3 * 3);
    assertThat(result.cells()).allSatisfy(c -> assertThat(c.accuracy()).hasDimensions(5, 5));
  }

  @Test
  void centredOnlyDenseNetworkIsNearChanceFarFromTheCentre() {
    TranslationCell dense = cell(Regime.CENTRED, TranslationNetwork.DENSE);
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();

    assertThat(dense.centredAccuracy(canvas, grid)).isGreaterThan(0.85);
    assertThat(dense.farthest(canvas, grid).accuracy()).isLessThan(CHANCE + 0.15);
  }

  @Test
  void globalPoolingStaysNearItsCentredAccuracyAcrossTheCanvas() {
    TranslationCell pooled = cell(Regime.CENTRED, TranslationNetwork.CONV_GLOBAL_POOL);
    Canvas canvas = result.config().canvas();
    OffsetGrid grid = result.config().grid();

    double centred = pooled.centredAccuracy(canvas, grid);
    assertThat(centred).isGreaterThan(0.8);
    assertThat(pooled.meanAccuracy()).isGreaterThan(centred - 0.05);
  }

  @Test
  void trainedAnywhereTheConvolutionalNetworksBeatTheDenseOneOverTheCanvas() {
    double dense = cell(Regime.ANYWHERE, TranslationNetwork.DENSE).meanAccuracy();

    assertThat(cell(Regime.ANYWHERE, TranslationNetwork.CONV_DENSE).meanAccuracy())
        .isGreaterThan(dense);
    assertThat(cell(Regime.ANYWHERE, TranslationNetwork.CONV_GLOBAL_POOL).meanAccuracy())
        .isGreaterThan(dense);
  }

  @Test
  void metricsHoldEveryRun() throws IOException {
    String json = Files.readString(dir.resolve(TranslationResult.METRICS_FILE));
    assertThat(json).contains("\"experiment\": \"translation\"").contains("\"accuracy_grid\"");
    assertThat(json.split("\"flip_rate\"", -1)).hasSize(9 + 1);
  }
}
