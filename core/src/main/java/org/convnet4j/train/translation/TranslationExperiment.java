package org.convnet4j.train.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
import org.convnet4j.optim.Adam;
import org.convnet4j.train.Trainer;
import org.convnet4j.train.TrainingHistory;
import org.convnet4j.train.TrainingListener;

/**
 * The tutorial's question answered by measurement: what weight sharing buys when the digit moves.
 * MNIST digits on a larger blank canvas; each network of {@link TranslationNetwork} trained in each
 * {@link Regime} on each training-set size, then tested with the same test digits at every position
 * of an {@link OffsetGrid}:
 *
 * <pre>{@code
 * DataSets mnist = DatasetLoader.load(Dataset.MNIST, null);
 * TranslationResult result =
 *     TranslationExperiment.run(TranslationConfig.quick(), mnist, System.out::println);
 * result.writeMetrics(Path.of("metrics.json"));
 * }</pre>
 *
 * Everything random (weights, placements, shuffling) is seeded by the config's seed, so a run
 * repeats; the kernels use the threads {@link org.convnet4j.Threads} is set to.
 */
public final class TranslationExperiment {

  private static final int EVAL_BATCH = 250;

  private TranslationExperiment() {}

  /**
   * Runs the experiment on MNIST's splits.
   *
   * @param mnist MNIST as the loader returns it ({@code [n, 28, 28, 1]} digits)
   * @param progress hears one line per trained and tested network
   */
  public static TranslationResult run(
      TranslationConfig config, DataSets mnist, Consumer<String> progress) {
    checkEnoughDigits(config, mnist);
    long start = System.nanoTime();
    Canvas canvas = config.canvas();
    List<TranslationCell> cells = new ArrayList<>();
    int runs = config.trainSizes().size() * config.regimes().size() * config.networks().size();
    int done = 0;
    for (int size : config.trainSizes()) {
      for (Regime regime : config.regimes()) {
        // One placement of the training and validation digits per regime and size, shared by the
        // networks, so they differ in architecture alone.
        SplittableRandom random =
            new SplittableRandom(config.seed() ^ (31L * size + regime.ordinal()));
        DataSplit train = placeByRegime(canvas, regime, mnist.train(), size, random);
        DataSplit validation =
            placeByRegime(
                canvas,
                regime,
                mnist.validation(),
                Math.min(TranslationConfig.VALIDATION_DIGITS, mnist.validation().size()),
                random);
        for (TranslationNetwork network : config.networks()) {
          TranslationCell cell = measure(config, network, regime, size, train, validation, mnist);
          cells.add(cell);
          done++;
          progress.accept(
              ("%d/%d %s, %s, %,d digits: trained in %.1f s; %.1f %% centred, %.1f %% over the"
                      + " canvas, %.1f %% of predictions flip on a 1-pixel shift")
                  .formatted(
                      done,
                      runs,
                      network.displayName(),
                      regime.description(),
                      size,
                      cell.trainSeconds(),
                      100 * cell.centredAccuracy(canvas, config.grid()),
                      100 * cell.meanAccuracy(),
                      100 * cell.flipRate()));
        }
      }
    }
    return new TranslationResult(config, cells, (System.nanoTime() - start) / 1e9);
  }

  private static void checkEnoughDigits(TranslationConfig config, DataSets mnist) {
    int largest = config.trainSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (largest > mnist.train().size() || config.testDigits() > mnist.test().size()) {
      throw new IllegalArgumentException(
          ("translation experiment: asks for %,d training and %,d test digits, the data has %,d"
                  + " and %,d")
              .formatted(largest, config.testDigits(), mnist.train().size(), mnist.test().size()));
    }
  }

  /** The first {@code n} digits of {@code digits}, each at an offset drawn from the regime. */
  static DataSplit placeByRegime(
      Canvas canvas, Regime regime, DataSplit digits, int n, SplittableRandom random) {
    int[] tops = new int[n];
    int[] lefts = new int[n];
    for (int i = 0; i < n; i++) {
      int[] offset = regime.sample(canvas, random);
      tops[i] = offset[0];
      lefts[i] = offset[1];
    }
    return canvas.place(digits, tops, lefts);
  }

  private static TranslationCell measure(
      TranslationConfig config,
      TranslationNetwork network,
      Regime regime,
      int size,
      DataSplit train,
      DataSplit validation,
      DataSets mnist) {
    Sequential model =
        network.build(config.canvas(), config.widths(), mnist.train().numClasses(), config.seed());
    long start = System.nanoTime();
    TrainingHistory history =
        new Trainer(model, new Adam(config.learningRate()), TrainingListener.NONE)
            .fit(train, validation, config.epochsFor(size), config.batchSize(), config.seed());
    double seconds = (System.nanoTime() - start) / 1e9;
    Tested tested = test(model, config.canvas(), config.grid(), mnist.test(), config.testDigits());
    return new TranslationCell(
        size,
        regime,
        network,
        tested.accuracy(),
        tested.flipRate(),
        model.parameterCount(),
        model.parameterCountWithoutSharing(),
        seconds,
        history.epochs().getLast().trainLoss());
  }

  /** Accuracy at each grid position and the 1-pixel flip rate over the grid. */
  record Tested(double[][] accuracy, double flipRate) {}

  /**
   * Tests {@code model} with the first {@code n} of {@code digits} at every grid position, and at
   * the position one pixel to the right of each (one to the left on the right edge) for the flip
   * rate.
   */
  static Tested test(Sequential model, Canvas canvas, OffsetGrid grid, DataSplit digits, int n) {
    int[] offsets = grid.offsets();
    double[][] accuracy = new double[offsets.length][offsets.length];
    long flips = 0;
    Workspace workspace = new Workspace();
    for (int i = 0; i < offsets.length; i++) {
      for (int j = 0; j < offsets.length; j++) {
        int left = offsets[j];
        int shifted = left < canvas.maxOffset() ? left + 1 : left - 1;
        DataSplit here = canvas.placeAll(digits, n, offsets[i], left);
        DataSplit moved = canvas.placeAll(digits, n, offsets[i], shifted);
        int[] predicted = predict(model, here, workspace);
        int[] predictedMoved = predict(model, moved, workspace);
        int right = 0;
        for (int k = 0; k < n; k++) {
          right += predicted[k] == here.labelOf(k) ? 1 : 0;
          flips += predicted[k] != predictedMoved[k] ? 1 : 0;
        }
        accuracy[i][j] = (double) right / n;
      }
    }
    return new Tested(accuracy, (double) flips / ((long) n * offsets.length * offsets.length));
  }

  private static int[] predict(Sequential model, DataSplit split, Workspace workspace) {
    int[] predicted = new int[split.size()];
    for (int from = 0; from < split.size(); from += EVAL_BATCH) {
      int to = Math.min(from + EVAL_BATCH, split.size());
      Tensor classes = Ops.argmax(model.predict(split.batch(from, to).images(), workspace), 1);
      for (int k = from; k < to; k++) {
        predicted[k] = (int) classes.get(k - from);
      }
    }
    return predicted;
  }
}
