package org.convnet4j.train;

import java.io.IOException;

/** What a {@link Trainer} does after each completed epoch, before telling listeners: save files. */
@FunctionalInterface
public interface EpochEndAction {

  /** Does nothing. */
  EpochEndAction NONE = history -> {};

  /**
   * Called once per completed epoch; {@code history} includes that epoch.
   *
   * @throws IOException if saving fails, which stops training
   */
  void epochEnded(TrainingHistory history) throws IOException;
}
