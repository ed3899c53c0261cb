package org.convnet4j.train.translation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.train.JsonWriter;

/**
 * Everything a translation experiment measured, one {@link TranslationCell} per training-set size,
 * regime and network, in the order they ran.
 *
 * @param seconds the whole run's wall-clock time
 */
public record TranslationResult(
    TranslationConfig config, List<TranslationCell> cells, double seconds) {

  /** The file {@link #writeMetrics} writes in a run folder. */
  public static final String METRICS_FILE = "metrics.json";

  public TranslationResult {
    cells = List.copyOf(cells);
  }

  /** The cell of {@code network} trained in {@code regime} on {@code size} digits, if it ran. */
  public Optional<TranslationCell> cell(int size, Regime regime, TranslationNetwork network) {
    return cells.stream()
        .filter(c -> c.trainSize() == size && c.regime() == regime && c.network() == network)
        .findFirst();
  }

  /** Writes every number, settings included, as JSON, atomically. */
  public void writeMetrics(Path file) throws IOException {
    AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** The metrics as JSON text. */
  public String toJson() {
    Canvas canvas = config.canvas();
    OffsetGrid grid = config.grid();
    JsonWriter json = new JsonWriter().beginObject();
    json.name("experiment").value("translation");
    json.name("canvas_size").value(config.canvasSize());
    json.name("centre_offset").value(canvas.centre());
    json.name("grid_offsets").values(toLongs(grid.offsets()));
    json.name("train_sizes").beginArray();
    config.trainSizes().forEach(size -> json.value(size));
    json.endArray();
    json.name("steps").value(config.steps());
    json.name("batch_size").value(config.batchSize());
    json.name("learning_rate").value(config.learningRate());
    json.name("widths").values(toLongs(config.widths()));
    json.name("test_digits").value(config.testDigits());
    json.name("seed").value(config.seed());
    json.name("seconds").value(seconds);
    json.name("regions").beginObject();
    for (Regime regime : config.regimes()) {
      json.name(regime.cliName()).values(toLongs(regime.region(canvas)));
    }
    json.endObject();
    json.name("runs").beginArray();
    for (TranslationCell cell : cells) {
      json.beginObject();
      json.name("train_size").value(cell.trainSize());
      json.name("regime").value(cell.regime().cliName());
      json.name("network").value(cell.network().cliName());
      json.name("parameters").value(cell.parameters());
      json.name("parameters_without_sharing").value(cell.parametersWithoutSharing());
      json.name("train_seconds").value(cell.trainSeconds());
      json.name("final_train_loss").value(cell.finalTrainLoss());
      json.name("centred_accuracy").value(cell.centredAccuracy(canvas, grid));
      json.name("trained_positions_accuracy").value(cell.trainedAccuracy(canvas, grid));
      json.name("mean_accuracy").value(cell.meanAccuracy());
      json.name("min_accuracy").value(cell.minAccuracy());
      json.name("flip_rate").value(cell.flipRate());
      json.name("accuracy_grid").beginArray();
      for (double[] row : cell.accuracy()) {
        float[] values = new float[row.length];
        for (int j = 0; j < row.length; j++) {
          values[j] = (float) row[j];
        }
        json.values(values);
      }
      json.endArray();
      json.name("accuracy_by_distance").beginArray();
      for (TranslationCell.DistancePoint p : cell.byDistance(canvas, grid)) {
        json.beginObject()
            .name("distance")
            .value(p.distance())
            .name("accuracy")
            .value(p.accuracy())
            .name("positions")
            .value(p.positions())
            .endObject();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    return json.endObject().toString();
  }

  private static long[] toLongs(int[] values) {
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = values[i];
    }
    return longs;
  }
}
