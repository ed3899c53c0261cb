package org.convnet4j.train.translation;

import java.util.List;

/**
 * The settings of one translation experiment: the canvas, the networks and regimes compared, the
 * training-set sizes, how long each network trains and where it is tested.
 *
 * @param canvasSize side of the canvas (40)
 * @param networks the networks compared
 * @param regimes where the training digits go
 * @param trainSizes training digits per run, each from the start of MNIST's training split; every
 *     size trains every network in every regime
 * @param steps training steps of {@code batchSize} digits per network, whatever the size (a small
 *     set is seen more often), rounded up to whole epochs
 * @param batchSize digits per step
 * @param learningRate Adam's step size
 * @param widths {@code {f1, f2, hidden}} of the networks, see {@link TranslationNetwork}
 * @param testDigits digits from the start of MNIST's test split, placed at every grid position
 * @param gridPoints offsets per axis of the test grid, see {@link OffsetGrid}
 * @param seed seeds weights, placements and shuffling
 */
public record TranslationConfig(
    int canvasSize,
    List<TranslationNetwork> networks,
    List<Regime> regimes,
    List<Integer> trainSizes,
    int steps,
    int batchSize,
    float learningRate,
    int[] widths,
    int testDigits,
    int gridPoints,
    long seed) {

  /** Validation digits per run: a check of each epoch, placed as the regime places them. */
  public static final int VALIDATION_DIGITS = 500;

  public TranslationConfig {
    networks = List.copyOf(networks);
    regimes = List.copyOf(regimes);
    trainSizes = List.copyOf(trainSizes);
    widths = widths.clone();
    new Canvas(canvasSize);
    OffsetGrid.of(new Canvas(canvasSize), gridPoints);
    if (networks.isEmpty() || regimes.isEmpty() || trainSizes.isEmpty()) {
      throw new IllegalArgumentException(
          "translation experiment: needs at least one network, regime and training-set size");
    }
    for (int size : trainSizes) {
      if (size < batchSize || size > 55_000) {
        throw new IllegalArgumentException(
            "translation experiment: a training-set size must be %d (the batch) to 55,000, got %d"
                .formatted(batchSize, size));
      }
    }
    if (steps < 1 || batchSize < 1 || testDigits < 1 || testDigits > 10_000) {
      throw new IllegalArgumentException(
          "translation experiment: steps %d, batch %d and test digits %d must be positive (test"
                  .formatted(steps, batchSize, testDigits)
              + " digits at most 10,000)");
    }
    if (widths.length != 3 || widths[0] < 1 || widths[1] < 1 || widths[2] < 1) {
      throw new IllegalArgumentException(
          "translation experiment: widths are {f1, f2, hidden}, all positive");
    }
  }

  /**
   * The full experiment: 40x40, all four networks, all three regimes, 1,000 and 10,000 training
   * digits, 800 steps of 64, 1,000 test digits on a 7x7 grid (every second offset).
   */
  public static TranslationConfig full() {
    return new TranslationConfig(
        40,
        List.of(TranslationNetwork.values()),
        List.of(Regime.values()),
        List.of(1_000, 10_000),
        800,
        64,
        1e-3f,
        new int[] {16, 32, 128},
        1_000,
        7,
        42);
  }

  /**
   * A small version for tests: one training-set size of 4,000 digits, 300 steps, narrower networks,
   * 200 test digits on a 5x5 grid (every third offset).
   */
  public static TranslationConfig quick() {
    return new TranslationConfig(
        40,
        List.of(TranslationNetwork.values()),
        List.of(Regime.values()),
        List.of(4_000),
        300,
        64,
        2e-3f,
        new int[] {8, 16, 64},
        200,
        5,
        42);
  }

  /** The canvas. */
  public Canvas canvas() {
    return new Canvas(canvasSize);
  }

  /** The test grid. */
  public OffsetGrid grid() {
    return OffsetGrid.of(canvas(), gridPoints);
  }

  /** Epochs to run {@code steps} steps on {@code trainSize} digits: whole epochs, rounded up. */
  public int epochsFor(int trainSize) {
    int stepsPerEpoch = (trainSize + batchSize - 1) / batchSize;
    return Math.max(1, (steps + stepsPerEpoch - 1) / stepsPerEpoch);
  }

  /** A copy with other training-set sizes, each at least the batch and at most 55,000. */
  public TranslationConfig withTrainSizes(List<Integer> sizes) {
    return new TranslationConfig(
        canvasSize,
        networks,
        regimes,
        sizes,
        steps,
        batchSize,
        learningRate,
        widths,
        testDigits,
        gridPoints,
        seed);
  }

  /** A copy whose networks train {@code n} steps each (rounded up to whole epochs). */
  public TranslationConfig withSteps(int n) {
    return new TranslationConfig(
        canvasSize,
        networks,
        regimes,
        trainSizes,
        n,
        batchSize,
        learningRate,
        widths,
        testDigits,
        gridPoints,
        seed);
  }

  /** A copy that compares these networks. */
  public TranslationConfig withNetworks(List<TranslationNetwork> list) {
    return new TranslationConfig(
        canvasSize,
        list,
        regimes,
        trainSizes,
        steps,
        batchSize,
        learningRate,
        widths,
        testDigits,
        gridPoints,
        seed);
  }

  /** A copy that trains in these regimes. */
  public TranslationConfig withRegimes(List<Regime> list) {
    return new TranslationConfig(
        canvasSize,
        networks,
        list,
        trainSizes,
        steps,
        batchSize,
        learningRate,
        widths,
        testDigits,
        gridPoints,
        seed);
  }

  /**
   * A copy on a {@code size x size} canvas, tested on a grid of {@code points} offsets per
   * axis (see {@link OffsetGrid}).
   */
  public TranslationConfig withCanvasSize(int size, int points) {
    return new TranslationConfig(
        size,
        networks,
        regimes,
        trainSizes,
        steps,
        batchSize,
        learningRate,
        widths,
        testDigits,
        points,
        seed);
  }

  /** A copy tested on the first {@code n} test digits, 1 to 10,000. */
  public TranslationConfig withTestDigits(int n) {
    return new TranslationConfig(
        canvasSize,
        networks,
        regimes,
        trainSizes,
        steps,
        batchSize,
        learningRate,
        widths,
        n,
        gridPoints,
        seed);
  }

  /** A copy with another seed of weights, placements and shuffling. */
  public TranslationConfig withSeed(long s) {
    return new TranslationConfig(
        canvasSize,
        networks,
        regimes,
        trainSizes,
        steps,
        batchSize,
        learningRate,
        widths,
        testDigits,
        gridPoints,
        s);
  }

  @Override
  public int[] widths() {
    return widths.clone();
  }
}
