package org.convnet4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.convnet4j.data.Augmentation;
import org.convnet4j.optim.LearningRateSchedule;

/**
 * The options of a run beyond data, model size and optimizer: how the learning rate moves, when
 * training stops before its last epoch, and regularisation and averaging. Part of {@link TrainingConfig}; a {@link Preset} brings its
 * own.
 *
 * @param schedule the learning-rate schedule as text, see {@link LearningRateSchedule#HELP}
 * @param patience early stopping (Keras' {@code EarlyStopping} on validation accuracy): stop after
 *     this many epochs without improvement; -1 for none
 * @param minDelta an epoch improves on the best when its validation accuracy exceeds it by more
 *     than this, at least 0
 * @param restoreBestWeights when early stopping stops, go back to the weights of the epoch with the
 *     highest validation accuracy (those of {@code best.ckpt})
 * @param targetAccuracy stop after the first epoch whose validation accuracy reaches this, in (0,
 *     1]; 0 for none
 * @param timeLimitSeconds stop after the first step that ends this many seconds after training
 *     started, saving a checkpoint to resume from; 0 for none
 * @param labelSmoothing Keras' {@code label_smoothing}: train towards {@code y * (1 - s) + s /
 *     classes}, in [0, 1); 0 for none
 * @param weightDecay decoupled weight decay (AdamW with Adam): {@code w -= w * decay *
 *     learningRate} before each update; 0 for none
 * @param decayAllWeights whether weight decay applies to biases and every other variable too, not
 *     only to kernels
 * @param emaMomentum Keras' {@code use_ema} with this {@code ema_momentum}: validation, the test
 *     and the saved model use the moving average of the weights; 0 for none
 * @param maxSteps stop after this many steps, inside an epoch if need be, the schedule spanning
 *     them (TensorFlow's {@code max_steps}); 0 for the epochs' steps
 * @param augment random distortions of the training images, {@link Augmentation#NONE} for none
 */
public record TrainingOptions(
    String schedule,
    int patience,
    double minDelta,
    boolean restoreBestWeights,
    double targetAccuracy,
    double timeLimitSeconds,
    double labelSmoothing,
    double weightDecay,
    boolean decayAllWeights,
    double emaMomentum,
    long maxSteps,
    Augmentation augment) {

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
    if (patience < -1) {
      throw new IllegalArgumentException(
          "early stopping: patience must be at least 0 (or -1 for none), got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException(
          "early stopping: min delta must be at least 0 and finite, got " + minDelta);
    }
    if (!(targetAccuracy >= 0 && targetAccuracy <= 1)) {
      throw new IllegalArgumentException(
          "target accuracy: must be in (0, 1] (or 0 for none), got " + targetAccuracy);
    }
    if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
      throw new IllegalArgumentException(
          "time limit: must be positive seconds (or 0 for none), got " + timeLimitSeconds);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(
          "label smoothing: must be in [0, 1), got " + labelSmoothing);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weight decay: must be at least 0 and finite, got " + weightDecay);
    }
    if (!(emaMomentum >= 0 && emaMomentum < 1)) {
      throw new IllegalArgumentException(
          "EMA momentum: must be in [0, 1) (0 for none), got " + emaMomentum);
    }
    if (augment == null) {
      throw new IllegalArgumentException("training options: augment is required (or NONE)");
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException("steps: must be at least 1 (or 0 for all), got " + maxSteps);
    }
  }

  /** A schedule and nothing that stops early. */
  public static TrainingOptions of(String schedule) {
    return new TrainingOptions(schedule, -1, 0, false, 0, 0, 0, 0, false, 0, 0, Augmentation.NONE);
  }

  /** A copy with another schedule. */
  public TrainingOptions withSchedule(String s) {
    return new TrainingOptions(
        s, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds,
        labelSmoothing, weightDecay, decayAllWeights, emaMomentum, maxSteps, augment);
  }

  /** A copy with early stopping: {@code p} epochs of patience (-1: none), min delta {@code d}. */
  public TrainingOptions withEarlyStopping(int p, double d, boolean restoreBest) {
    return new TrainingOptions(
        schedule, p, d, restoreBest, targetAccuracy, timeLimitSeconds, labelSmoothing,
        weightDecay, decayAllWeights, emaMomentum, maxSteps, augment);
  }

  /** A copy that stops when validation accuracy reaches {@code a} (0: never). */
  public TrainingOptions withTargetAccuracy(double a) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, a, timeLimitSeconds, labelSmoothing,
        weightDecay, decayAllWeights, emaMomentum, maxSteps, augment);
  }

  /** A copy that stops after {@code seconds} of training (0: never). */
  public TrainingOptions withTimeLimit(double seconds) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, seconds,
        labelSmoothing, weightDecay, decayAllWeights, emaMomentum, maxSteps, augment);
  }

  /** A copy with label smoothing {@code s} (0: none). */
  public TrainingOptions withLabelSmoothing(double s) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds, s,
        weightDecay, decayAllWeights, emaMomentum, maxSteps, augment);
  }

  /** A copy with decoupled weight decay {@code d} (0: none), on kernels only or on everything. */
  public TrainingOptions withWeightDecay(double d, boolean everyVariable) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds,
        labelSmoothing, d, everyVariable, emaMomentum, maxSteps, augment);
  }

  /** A copy with a moving average of the weights of momentum {@code m} (0: none). */
  public TrainingOptions withEma(double m) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds,
        labelSmoothing, weightDecay, decayAllWeights, m, maxSteps, augment);
  }

  /** A copy that stops after {@code n} steps (0: after the epochs' steps). */
  public TrainingOptions withMaxSteps(long n) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds,
        labelSmoothing, weightDecay, decayAllWeights, emaMomentum, n, augment);
  }

  /** A copy with another augmentation of the training images. */
  public TrainingOptions withAugment(Augmentation a) {
    return new TrainingOptions(
        schedule, patience, minDelta, restoreBestWeights, targetAccuracy, timeLimitSeconds,
        labelSmoothing, weightDecay, decayAllWeights, emaMomentum, maxSteps, a);
  }

  /** The options as text, keyed as in {@code metrics.json}'s settings. */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("schedule", schedule);
    s.put("early_stopping_patience", Integer.toString(patience));
    s.put("early_stopping_min_delta", Double.toString(minDelta));
    s.put("restore_best_weights", Boolean.toString(restoreBestWeights));
    s.put("target_accuracy", Double.toString(targetAccuracy));
    s.put("time_limit_seconds", Double.toString(timeLimitSeconds));
    s.put("label_smoothing", Double.toString(labelSmoothing));
    s.put("weight_decay", Double.toString(weightDecay));
    s.put("decay_all_weights", Boolean.toString(decayAllWeights));
    s.put("ema_momentum", Double.toString(emaMomentum));
    s.put("max_steps", Long.toString(maxSteps));
    s.put("augment", augment.toString());
    return s;
  }

  /**
   * The options {@link #settings()} describes; a key that is missing (a checkpoint written before
   * it existed) takes {@code preset}'s value.
   *
   * @throws NumberFormatException if a number is malformed
   */
  static TrainingOptions fromSettings(Map<String, String> settings, Preset preset) {
    TrainingOptions d = preset.options();
    return new TrainingOptions(
        settings.getOrDefault("schedule", d.schedule()),
        number(settings, "early_stopping_patience", d.patience()).intValue(),
        number(settings, "early_stopping_min_delta", d.minDelta()).doubleValue(),
        Boolean.parseBoolean(
            settings.getOrDefault(
                "restore_best_weights", Boolean.toString(d.restoreBestWeights()))),
        number(settings, "target_accuracy", d.targetAccuracy()).doubleValue(),
        number(settings, "time_limit_seconds", d.timeLimitSeconds()).doubleValue(),
        number(settings, "label_smoothing", d.labelSmoothing()).doubleValue(),
        number(settings, "weight_decay", d.weightDecay()).doubleValue(),
        Boolean.parseBoolean(
            settings.getOrDefault("decay_all_weights", Boolean.toString(d.decayAllWeights()))),
        number(settings, "ema_momentum", d.emaMomentum()).doubleValue(),
        number(settings, "max_steps", d.maxSteps()).longValue(),
        settings.containsKey("augment") ? Augmentation.parse(settings.get("augment")) : d.augment());
  }

  private static Number number(Map<String, String> settings, String key, Number fallback) {
    String v = settings.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (fallback) {
      case Integer i -> Integer.parseInt(v);
      case Long l -> Long.parseLong(v);
      default -> Double.parseDouble(v);
    };
  }
}
