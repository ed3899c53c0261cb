package org.convnet4j.train;

import java.nio.file.Path;

/**
 * The loss became NaN or infinite, so training stopped before applying that step's update. The
 * message says where; the checkpoint of the last completed epoch, if any, is untouched.
 */
public final class TrainingDivergedException extends RuntimeException {

  private final int epoch;
  private final int batch;
  private final long step;
  private final float loss;
  private final transient Path lastCheckpoint;

  /**
   * @param lastCheckpoint the checkpoint of the last completed epoch, or {@code null} if none
   */
  public TrainingDivergedException(
      int epoch, int batch, long step, float loss, Path lastCheckpoint) {
    super(message(epoch, batch, step, loss, lastCheckpoint));
    this.epoch = epoch;
    this.batch = batch;
    this.step = step;
    this.loss = loss;
    this.lastCheckpoint = lastCheckpoint;
  }

  /** The same failure, pointing at the last good checkpoint. */
  TrainingDivergedException withCheckpoint(Path checkpoint) {
    return new TrainingDivergedException(epoch, batch, step, loss, checkpoint);
  }

  /** The epoch of the bad step, from 1. */
  public int epoch() {
    return epoch;
  }

  /** The bad step within its epoch, from 1. */
  public int batch() {
    return batch;
  }

  /** The bad step counted over the run, from 1. */
  public long step() {
    return step;
  }

  /** The loss: NaN or infinite. */
  public float loss() {
    return loss;
  }

  /** The last good checkpoint, or {@code null} if no epoch completed (or nothing was saved). */
  public Path lastCheckpoint() {
    return lastCheckpoint;
  }

  private static String message(int epoch, int batch, long step, float loss, Path checkpoint) {
    String where =
        "training stopped: the loss is %s at epoch %d, batch %d (step %d)"
            .formatted(loss, epoch, batch, step);
    String kept =
        checkpoint == null
            ? "; no epoch completed, so there is no checkpoint"
            : "; the last good checkpoint is " + checkpoint;
    return where + kept + " (try a smaller learning rate)";
  }
}
