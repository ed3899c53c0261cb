package org.convnet4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.convnet4j.internal.AtomicFiles;

/**
 * The run's {@value #FILE_NAME}, one row per epoch with Keras' {@code CSVLogger} columns: {@code
 * epoch} (from 0, as Keras counts), then the logs in alphabetical order, {@code accuracy} (mean
 * batch accuracy of the epoch's steps), {@code learning_rate} (that of the epoch's last step),
 * {@code loss} (mean training loss) and {@code val_accuracy}. Rewritten atomically after every
 * epoch, so a resumed run's log covers the whole run.
 */
public final class EpochLog {

  /** The file's name in a run folder. */
  public static final String FILE_NAME = "log.csv";

  private EpochLog() {}

  static void write(Path dir, TrainingConfig config, TrainingHistory history) throws IOException {
    AtomicFiles.write(dir.resolve(FILE_NAME), text(config, history).getBytes(StandardCharsets.UTF_8));
  }

  static String text(TrainingConfig config, TrainingHistory history) {
    StringBuilder csv = new StringBuilder("epoch,accuracy,learning_rate,loss,val_accuracy\n");
    float[] accuracies = history.stepAccuracies();
    float[] rates = TrainingRun.stepLearningRates(config, history);
    int steps = history.stepsPerEpoch();
    for (EpochMetrics e : history.epochs()) {
      int last = e.epoch() * steps;
      double accuracy = 0;
      for (int i = last - steps; i < last; i++) {
        accuracy += accuracies[i];
      }
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%s,%s,%s,%s%n",
              e.epoch() - 1,
              accuracy / steps,
              rates[last - 1],
              e.trainLoss(),
              e.validationAccuracy()));
    }
    return csv.toString();
  }
}
