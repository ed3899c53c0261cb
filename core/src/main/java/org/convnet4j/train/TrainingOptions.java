package org.convnet4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.optim.LearningRateSchedule;

/**
 * The options of a run beyond data, model size and optimizer: how the learning rate moves. Part of
 * {@link TrainingConfig}; a {@link Preset} brings its own.
 *
 * @param schedule the learning-rate schedule as text, see {@link LearningRateSchedule#HELP}
 */
public record TrainingOptions(String schedule) {

  /**
   * Checks every option.
   *
   * @throws IllegalArgumentException naming the first bad option
   */
  public TrainingOptions {
    if (schedule == null) {
      throw new IllegalArgumentException("training options: schedule is required");
    }
    LearningRateSchedule.validate(schedule, 1);
  }

  /** A copy with another schedule. */
  public TrainingOptions withSchedule(String s) {
    return new TrainingOptions(s);
  }

  /** The options as text, keyed as in {@code metrics.json}'s settings. */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("schedule", schedule);
    return s;
  }

  /**
   * The options {@link #settings()} describes; a key that is missing (a checkpoint written before
   * it existed) takes {@code preset}'s value.
   */
  static TrainingOptions fromSettings(Map<String, String> settings, Preset preset) {
    TrainingOptions d = preset.options();
    return new TrainingOptions(settings.getOrDefault("schedule", d.schedule()));
  }
}
