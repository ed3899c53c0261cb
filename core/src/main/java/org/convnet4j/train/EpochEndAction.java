package org.convnet4j.train;

import java.io.IOException;

/**
 * What a {@link Trainer} does after each completed epoch, before telling listeners, and when it
 * stops inside an epoch: save files.
 */
@FunctionalInterface
public interface EpochEndAction {

  /** Does nothing. */
  EpochEndAction NONE = history -> {};

  /**
   * Called once per completed epoch ({@code history} includes it) and once when training stops
   * inside an epoch ({@code history} then ends with that epoch's steps so far).
   *
   * @throws IOException if saving fails, which stops training
   */
  void epochEnded(TrainingHistory history) throws IOException;
}
