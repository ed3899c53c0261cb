package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.convnet4j.data.DataSets;
import org.convnet4j.internal.ResidentMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

  @Test
  void jsonWriterNestsIndentsAndEscapes() {
    String json =
        new JsonWriter()
            .beginObject()
            .name("name")
            .value("a \"quoted\"\\path\n")
            .name("loss")
            .value(0.25f)
            .name("steps")
            .values(new float[] {1f, Float.NaN})
            .name("rows")
            .beginArray()
            .values(new long[] {1, 2})
            .endArray()
            .name("empty")
            .beginObject()
            .endObject()
            .name("nothing")
            .nullValue()
            .endObject()
            .toString();

    assertThat(json)
        .isEqualTo(
            """
            {
              "name": "a \\"quoted\\"\\\\path\\n",
              "loss": 0.25,
              "steps": [1.0, null],
              "rows": [
                [1, 2]
              ],
              "empty": {},
              "nothing": null
            }
            """);
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    String json =
        new JsonWriter()
            .beginArray()
            .value(Double.NaN)
            .value(Float.POSITIVE_INFINITY)
            .endArray()
            .toString();

    assertThat(json).isEqualTo("[\n  null,\n  null\n]\n");
  }

  @Test
  void metricsOfARunHoldItsSettingsEpochsStepsAndTestResults(@TempDir Path dir) throws IOException {
    TrainingResult run =
        TrainingRun.start(
            CheckpointTest.config(dir, 2),
            BarImages.dataSets(3),
            BarImages.model(1),
            TrainingListener.NONE);

    String json = Files.readString(dir.resolve(MetricsFile.FILE_NAME));

    EpochMetrics second = run.history().epochs().get(1);
    assertThat(json)
        .contains("\"dataset\": \"mnist\"")
        .contains("\"batch_size\": 16")
        .contains("\"learning_rate\": 0.01")
        .contains("\"output_dir\": \"" + dir + "\"")
        .contains("\"data_dir\": null")
        .contains("\"steps_per_epoch\": 30")
        .contains("\"epoch\": 2")
        .contains("\"train_loss\": " + second.trainLoss())
        .contains("\"validation_accuracy\": " + second.validationAccuracy())
        .contains("\"step_loss\": [" + run.history().stepLosses()[0] + ", ")
        .contains("\"test_accuracy\": " + run.test().accuracy())
        .contains("\"test_confusion_matrix\": [");
    assertThat(json.split("\"seconds\"", -1)).hasSize(3); // one per epoch
  }

  @Test
  void metricsHoldThePeakResidentMemoryOrNullWithoutProc(@TempDir Path dir) throws IOException {
    TrainingRun.start(
        CheckpointTest.config(dir, 1), BarImages.dataSets(3), BarImages.model(1), TrainingListener.NONE);

    String json = Files.readString(dir.resolve(MetricsFile.FILE_NAME));

    // VmHWM when this JVM has /proc (as on Linux), null elsewhere; rounded to 0.1 MB.
    OptionalDouble peak = ResidentMemory.peakMegabytes();
    if (peak.isPresent()) {
      assertThat(json).containsPattern("\"peak_rss_mb\": [1-9][0-9]*\\.[0-9],?\n");
    } else {
      assertThat(json).contains("\"peak_rss_mb\": null");
    }
  }

  @Test
  void anEnginesDescriptionBecomesTheEngineObjectAndOneMachineWritesNone() throws IOException {
    DataSets data = BarImages.dataSets(3);
    TrainingResult run =
        TrainingRun.start(
            CheckpointTest.config(null, 1),
            data,
            BarImages.model(1),
            TrainingListener.NONE);
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("master", "local[2]");
    engine.put("partitions", 2);
    engine.put("epochs", List.of(Map.of("compute_seconds", 1.5)));

    String described =
        MetricsFile.toJson(
            run.config(), data, run.model(), run.history(), run.test(), engine);
    String local =
        MetricsFile.toJson(run.config(), data, run.model(), run.history(), run.test());

    assertThat(described)
        .endsWith(
            """
              "engine": {
                "master": "local[2]",
                "partitions": 2,
                "epochs": [
                  {
                    "compute_seconds": 1.5
                  }
                ]
              }
            }
            """);
    assertThat(local).doesNotContain("\"engine\"");
  }
}
