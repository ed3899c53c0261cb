package org.convnet4j.train;

import java.nio.file.Path;
import java.util.List;
import org.convnet4j.nn.Sequential;

/**
 * A finished training run.
 *
 * @param config the run's settings
 * @param model the trained model
 * @param history per-step and per-epoch metrics of the whole run (resumed runs included)
 * @param test the trained model on the test split
 * @param checkpoint the saved checkpoint, or {@code null} if the run wrote no files
 */
public record TrainingResult(
    TrainingConfig config,
    Sequential model,
    TrainingHistory history,
    Evaluation test,
    Path checkpoint) {

  /** The class names in label order: the data set's, or the image folder's class folders. */
  public List<String> classNames() {
    return test.classNames();
  }
}
