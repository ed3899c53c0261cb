package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;

/**
 * The library calls that take minutes and need the real data: training and loading a data set. The
 * commands go through this interface so their tests can substitute a tiny model and synthetic data
 * for MNIST.
 */
interface Backend {

  /** The real thing: {@link TrainingRun}, which reads data with {@link DatasetLoader}. */
  Backend LIBRARY =
      new Backend() {
        @Override
        public TrainingResult train(TrainingConfig config, TrainingListener listener)
            throws IOException {
          return TrainingRun.start(config, listener);
        }

        @Override
        public TrainingResult train(
            TrainingConfig config, Sequential model, TrainingListener listener)
            throws IOException {
          return TrainingRun.start(config, model, listener);
        }

        @Override
        public TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener)
            throws IOException {
          return epochs == null
              ? TrainingRun.resume(runDir, listener)
              : TrainingRun.resume(runDir, epochs, listener);
        }

        @Override
        public DataSets load(TrainingConfig config) throws IOException {
          return TrainingRun.loadData(config, line -> {}).data();
        }
      };

  /** Trains a fresh model as {@code config} says. */
  TrainingResult train(TrainingConfig config, TrainingListener listener) throws IOException;

  /** Trains {@code model}, fresh (one read from a model file), as {@code config} says. */
  TrainingResult train(TrainingConfig config, Sequential model, TrainingListener listener)
      throws IOException;

  /**
   * Continues the run in {@code runDir}, up to {@code epochs} or the epochs it was started with.
   */
  TrainingResult resume(Path runDir, Integer epochs, TrainingListener listener) throws IOException;

  /**
   * Loads the data {@code config} names: a built-in data set from its data folder or the cache, or
   * an image folder.
   */
  DataSets load(TrainingConfig config) throws IOException;
}
