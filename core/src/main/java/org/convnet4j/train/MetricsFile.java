package org.convnet4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.internal.ResidentMemory;
import org.convnet4j.nn.Sequential;

/**
 * The run's {@code metrics.json}, rewritten atomically after every epoch and at the end:
 *
 * <pre>
 * {
 *   "settings": {"dataset": "mnist", "preset": "default", "epochs": 10, "batch_size": 128,
 *                "learning_rate": 0.001, "optimizer": "adam", "seed": 42, "threads": 2,
 *                "data_dir": null, "output_dir": "runs/1",
 *                "schedule": "exponential:rate=0.75,every=1", "early_stopping_patience": -1,
 *                "early_stopping_min_delta": 0.0, "restore_best_weights": false,
 *                "target_accuracy": 0.0, "time_limit_seconds": 0.0, "label_smoothing": 0.0,
 *                "weight_decay": 0.0, "decay_all_weights": false, "ema_momentum": 0.0},
 *   "parameters": 3274634, "parameters_without_sharing": 13922570,
 *   "steps_per_epoch": 430,
 *   "epochs": [{"epoch": 1, "train_loss": 0.21, "validation_accuracy": 0.984,
 *               "images_per_second": 812.5, "seconds": 67.7}, ...],
 *   "step_loss": [2.31, ...], "step_accuracy": [0.1, ...], "step_learning_rate": [0.001, ...],
 *   "training_seconds": 170.2,                     (steps' seconds, an unfinished epoch's too;
 *                                                   validation not included)
 *   "steps": 4300, "stop_reason": "completed",     (early_stopping, target_accuracy, time_limit,
 *                                                   interrupted; null while training)
 *   "best_epoch": 9, "best_validation_accuracy": 0.9932,
 *   "test_accuracy": 0.9921,                       (null until the run ends)
 *   "test_precision": [...], "test_recall": [...], (per class, null until the end)
 *   "test_confusion_matrix": [[...], ...],         (rows actual, columns predicted)
 *   "class_names": ["0", "1", ...],                (label order)
 *   "skipped_images": 0,                           (damaged images skipped, see below)
 *   "peak_rss_mb": 812.3,                          (the process's peak resident memory so far,
 *                                                   VmHWM; null where /proc is missing)
 *   "engine": {...}                                (only when not on one machine: what the
 *                                                   TrainingEngine describes, e.g. time split)
 * }
 * </pre>
 *
 * Step arrays hold one entry per training step, in order: the batch's loss and accuracy in training
 * mode, before that step's update. A run on an image folder has {@code "dataset": "image-folder"},
 * the folder as {@code data_dir}, and {@code image_size}, {@code channels}, {@code
 * validation_split} and {@code skip_bad_images} in its settings; {@code skipped_images} counts the
 * images it skipped as damaged ({@code --skip-bad-images}).
 */
public final class MetricsFile {

  /** The file's name in a run folder. */
  public static final String FILE_NAME = "metrics.json";

  private MetricsFile() {}

  /**
   * Writes {@code metrics.json} into {@code dir} atomically; {@code test} may be null. Training
   * writes it after every epoch; a model made elsewhere (an ONNX import) writes it once, with no
   * epochs, to become a run folder like any other.
   */
  public static void write(
      Path dir,
      TrainingConfig config,
      DataSets data,
      Sequential model,
      TrainingHistory history,
      Evaluation test)
      throws IOException {
    write(dir, config, data, model, history, test, Map.of());
  }

  /** {@link #write}, with the {@code engine} object when {@code engine} is not empty. */
  static void write(
      Path dir,
      TrainingConfig config,
      DataSets data,
      Sequential model,
      TrainingHistory history,
      Evaluation test,
      Map<String, Object> engine)
      throws IOException {
    byte[] json =
        toJson(config, data, model, history, test, engine).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve(FILE_NAME), json);
  }

  /** The document's text; {@code test} may be null. */
  static String toJson(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      TrainingHistory history,
      Evaluation test) {
    return toJson(config, data, model, history, test, Map.of());
  }

  /** The document's text, with the {@code engine} object when {@code engine} is not empty. */
  static String toJson(
      TrainingConfig config,
      DataSets data,
      Sequential model,
      TrainingHistory history,
      Evaluation test,
      Map<String, Object> engine) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("settings").beginObject();
    Map<String, String> settings = config.settings();
    json.name("dataset").value(settings.get("dataset"));
    json.name("preset").value(config.preset().cliName());
    json.name("epochs").value(config.epochs());
    json.name("batch_size").value(config.batchSize());
    json.name("learning_rate").value(config.learningRate());
    json.name("optimizer").value(config.optimizer().cliName());
    json.name("seed").value(config.seed());
    json.name("threads").value(config.threads());
    json.name("data_dir").value(pathOrNull(config.dataDir()));
    json.name("output_dir").value(pathOrNull(config.outputDir()));
    if (config.imageFolder() != null) {
      ImageFolderSpec folder = config.imageFolder();
      json.name("image_size").value(folder.imageSizeText());
      json.name("channels").value(folder.channels());
      json.name("validation_split").value(folder.validationSplit());
      json.name("skip_bad_images").value(folder.skipBadImages());
    }
    TrainingOptions options = config.options();
    json.name("schedule").value(options.schedule());
    json.name("early_stopping_patience").value(options.patience());
    json.name("early_stopping_min_delta").value(options.minDelta());
    json.name("restore_best_weights").value(options.restoreBestWeights());
    json.name("target_accuracy").value(options.targetAccuracy());
    json.name("time_limit_seconds").value(options.timeLimitSeconds());
    json.name("label_smoothing").value(options.labelSmoothing());
    json.name("weight_decay").value(options.weightDecay());
    json.name("decay_all_weights").value(options.decayAllWeights());
    json.name("ema_momentum").value(options.emaMomentum());
    json.name("max_steps").value(options.maxSteps());
    json.name("augment").value(options.augment().toString());
    json.endObject();
    json.name("parameters").value(model.parameterCount());
    json.name("parameters_without_sharing").value(model.parameterCountWithoutSharing());
    json.name("steps_per_epoch");
    if (history.stepsPerEpoch() == 0) {
      json.nullValue();
    } else {
      json.value(history.stepsPerEpoch());
    }
    json.name("epochs").beginArray();
    for (EpochMetrics e : history.epochs()) {
      json.beginObject();
      json.name("epoch").value(e.epoch());
      json.name("train_loss").value(e.trainLoss());
      json.name("validation_accuracy").value(e.validationAccuracy());
      json.name("images_per_second").value(e.imagesPerSecond());
      json.name("seconds").value(e.seconds());
      json.endObject();
    }
    json.endArray();
    json.name("step_loss").values(history.stepLosses());
    json.name("step_accuracy").values(history.stepAccuracies());
    json.name("step_learning_rate").values(TrainingRun.stepLearningRates(config, history));
    json.name("training_seconds").value(history.trainingSeconds());
    json.name("steps").value(history.stepCount());
    StopReason stop = history.stopReason();
    json.name("stop_reason").value(stop == null ? null : stop.jsonName());
    int best = history.bestEpoch();
    json.name("best_epoch").value(best);
    json.name("best_validation_accuracy");
    if (best == 0) {
      json.nullValue();
    } else {
      json.value(history.epochs().get(best - 1).validationAccuracy());
    }
    writeTest(json, test);
    json.name("class_names").beginArray();
    for (String name : data.classNames()) {
      json.value(name);
    }
    json.endArray();
    json.name("skipped_images").value(data.skippedImages());
    OptionalDouble peak = ResidentMemory.peakMegabytes();
    json.name("peak_rss_mb");
    if (peak.isPresent()) {
      json.value(Math.round(peak.getAsDouble() * 10) / 10.0);
    } else {
      json.nullValue();
    }
    if (!engine.isEmpty()) {
      json.name("engine");
      writeValue(json, engine);
    }
    return json.endObject().toString();
  }

  // The engine's description: strings, numbers, lists and maps of them (TrainingEngine.describe).
  private static void writeValue(JsonWriter json, Object value) {
    switch (value) {
      case null -> json.nullValue();
      case String s -> json.value(s);
      case Integer i -> json.value(i.longValue());
      case Long l -> json.value(l.longValue());
      case Number n -> json.value(n.doubleValue());
      case Map<?, ?> m -> {
        json.beginObject();
        m.forEach(
            (k, v) -> {
              json.name(k.toString());
              writeValue(json, v);
            });
        json.endObject();
      }
      case List<?> l -> {
        json.beginArray();
        l.forEach(v -> writeValue(json, v));
        json.endArray();
      }
      default ->
          throw new IllegalArgumentException(
              "metrics.json: engine value of %s, expected a string, number, list or map"
                  .formatted(value.getClass().getName()));
    }
  }

  private static void writeTest(JsonWriter json, Evaluation test) {
    if (test == null) {
      json.name("test_accuracy").nullValue();
      json.name("test_precision").nullValue();
      json.name("test_recall").nullValue();
      json.name("test_confusion_matrix").nullValue();
      return;
    }
    int classes = test.classNames().size();
    float[] precision = new float[classes];
    float[] recall = new float[classes];
    for (int c = 0; c < classes; c++) {
      precision[c] = (float) test.precision(c);
      recall[c] = (float) test.recall(c);
    }
    json.name("test_accuracy").value(test.accuracy());
    json.name("test_precision").values(precision);
    json.name("test_recall").values(recall);
    json.name("test_confusion_matrix").beginArray();
    for (long[] row : test.confusionMatrix()) {
      json.values(row);
    }
    json.endArray();
  }

  private static String pathOrNull(Path p) {
    return p == null ? null : p.toString();
  }
}
