package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.data.Dataset;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;

/**
 * Training runs small enough for unit tests: a ten-class synthetic task on 28x28 images (class k is
 * a bright 8x4 block at one of ten places, plus noise), named like MNIST's digits, and a model of
 * one 3x3 convolution with 4 filters, one pooling layer and one dense layer, trained by {@link
 * TrainingRun} as the real command does.
 */
public final class TinyRuns {

  public static final List<String> CLASSES = Dataset.MNIST.classNames();
  static final int FILTERS = 4;

  private TinyRuns() {}

  /** 90 training, 30 validation and 30 test images. */
  public static DataSets data() {
    SplittableRandom random = new SplittableRandom(11);
    return new DataSets(split(90, random), split(30, random), split(30, random), CLASSES);
  }

  /** One image of class {@code label}, {@code [28, 28, 1]} in {@code [0, 1]}. */
  static float[] image(int label, SplittableRandom random) {
    float[] pixels = new float[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int top = label < 5 ? 4 : 16;
        int left = 2 + 5 * (label % 5);
        boolean ink = y >= top && y < top + 8 && x >= left && x < left + 4;
        pixels[y * 28 + x] =
            (float) Math.clamp((ink ? 0.9 : 0.05) + 0.1 * random.nextGaussian(), 0, 1);
      }
    }
    return pixels;
  }

  private static DataSplit split(int n, SplittableRandom random) {
    float[] images = new float[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % CLASSES.size();
      System.arraycopy(image(labels[i], random), 0, images, i * 28 * 28, 28 * 28);
    }
    return DataSplit.of(Tensor.of(images, n, 28, 28, 1), labels, CLASSES.size());
  }

  public static Sequential model(long seed) {
    return new Sequential(
        new int[] {28, 28, 1},
        seed,
        new Conv2D(FILTERS, 3, 2, Padding.SAME, Activation.RELU),
        new MaxPool2D(2, 2, Padding.SAME),
        new Flatten(),
        new Dense(CLASSES.size()));
  }

  /**
   * Trains the tiny model as {@code config} says (its dataset and data folder aside), as the real
   * run does.
   */
  public static TrainingResult train(TrainingConfig config, TrainingListener listener)
      throws IOException {
    return train(config, model(config.seed()), listener);
  }

  /** Trains {@code model} (of the tiny data's shapes) as {@code config} says. */
  static TrainingResult train(TrainingConfig config, Sequential model, TrainingListener listener)
      throws IOException {
    return TrainingRun.start(config, data(), model, listener);
  }

  /** Continues the tiny run saved in {@code runDir}, as the real resume does. */
  static TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener)
      throws IOException {
    return TrainingRun.resume(runDir, epochs == null ? 0 : epochs, data(), listener);
  }

  /** A quick configuration: 3 epochs of 9 steps of 10 images, Adam at 0.01. */
  public static TrainingConfig config(Path outputDir) {
    return TrainingConfig.defaults()
        .withEpochs(3)
        .withBatchSize(10)
        .withLearningRate(0.01f)
        .withThreads(1)
        .withOutputDir(outputDir);
  }

  /** A backend that trains the tiny model on the synthetic data instead of MNIST. */
  static Backend backend() {
    return new Backend() {
      @Override
      public TrainingResult train(TrainingConfig config, TrainingListener listener)
          throws IOException {
        return TinyRuns.train(config, listener);
      }

      @Override
      public TrainingResult train(
          TrainingConfig config, Sequential model, TrainingListener listener) throws IOException {
        return TinyRuns.train(config, model, listener);
      }

      @Override
      public TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener)
          throws IOException {
        return TinyRuns.resume(runDir, epochs, listener);
      }

      @Override
      public DataSets load(TrainingConfig config) {
        return data();
      }
    };
  }
}
