package org.convnet4j.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.convnet4j.Variable;
import org.convnet4j.internal.AtomicFiles;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerState;

/**
 * A training run frozen after an epoch: its settings, the model's architecture and weights, the
 * optimizer's state and the history so far. Enough to evaluate the model, or to resume training
 * exactly where it stopped.
 *
 * <h2>File format, version 2</h2>
 *
 * Big-endian throughout; strings are {@link java.io.DataOutput#writeUTF modified UTF-8} with a
 * 2-byte length; float arrays are IEEE 754 binary32.
 *
 * <pre>
 * header    8 bytes  magic "C4J-CKPT" (ASCII)
 *           int32    format version, 2 (1 is read too)
 *           int64    payload length in bytes
 * payload   settings   int32 count, then count x (string key, string value): dataset,
 *                      preset, epochs, batch_size, learning_rate, optimizer, seed, threads,
 *                      output_dir and, if given, data_dir; then, for a run on an engine
 *                      other than this machine's, its settings, keyed engine.NAME
 *           model      int32 rank, rank x int32 input shape; int64 seed;
 *                      int32 layers, then layers x string layer spec ({@link
 *                      org.convnet4j.nn.LayerSpec}),
 *                      e.g. "Dense dense_1 units=10 activation=linear"
 *           weights    int32 count, then count x (string variable name, int32 n, n x float32)
 *           state      (version 2 on) the variables that are not trained, such as batch
 *                      normalization's moving statistics: int32 count, then count x (string
 *                      variable name, int32 n, n x float32); version 1 files have none
 *           optimizer  string type (sgd, momentum, adam); float32 learning rate; int64 steps;
 *                      int32 slots, then slots x (string "variable/slot", int32 n, n x float32)
 *           history    int32 epochs, then epochs x (int32 epoch, float64 train loss,
 *                      float64 validation accuracy, float64 images/s, float64 seconds);
 *                      int32 steps, steps x float32 loss, steps x float32 accuracy
 * trailer   int32    CRC-32C of the payload
 * </pre>
 *
 * A file is written to a temporary file and renamed into place, so a crash never leaves half a
 * checkpoint. Loading checks the magic, the version, the length and the checksum before reading
 * anything, then that the weights fit the architecture.
 */
public final class Checkpoint {

  /** The checkpoint's file name in a run folder. */
  public static final String FILE_NAME = "model.ckpt";

  /**
   * The checkpoint of the epoch with the highest validation accuracy so far, beside {@value
   * #FILE_NAME} in a run folder (Keras' {@code ModelCheckpoint} with {@code save_best_only}).
   */
  public static final String BEST_FILE_NAME = "best.ckpt";

  /**
   * The format version this code writes: 2, which adds the state section. It reads version 1
   * too, whose models have no state.
   */
  public static final int VERSION = 2;

  /** The oldest format version this code reads. */
  static final int OLDEST_VERSION = 1;

  static final byte[] MAGIC = {'C', '4', 'J', '-', 'C', 'K', 'P', 'T'};
  private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;

  private final Path file;
  /** The prefix of the engine's settings among the checkpoint's. */
  static final String ENGINE_PREFIX = "engine.";

  private final TrainingConfig config;
  private final Map<String, String> engineSettings;
  private final Sequential model;
  private final Optimizer optimizer;
  private final TrainingHistory history;

  Checkpoint(
      Path file,
      TrainingConfig config,
      Map<String, String> engineSettings,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history) {
    this.file = file;
    this.config = config;
    this.engineSettings = Collections.unmodifiableMap(new LinkedHashMap<>(engineSettings));
    this.model = model;
    this.optimizer = optimizer;
    this.history = history;
  }

  /**
   * Saves a run's state into {@code file} atomically; an existing file is replaced only once the
   * new one is complete.
   */
  public static void save(
      Path file,
      TrainingConfig config,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history)
      throws IOException {
    save(file, config, Map.of(), model, optimizer, history);
  }

  /**
   * {@link #save(Path, TrainingConfig, Sequential, Optimizer, TrainingHistory)} of a run whose
   * steps an engine ran with {@code engineSettings} ({@link TrainingEngine#settings()}).
   */
  public static void save(
      Path file,
      TrainingConfig config,
      Map<String, String> engineSettings,
      Sequential model,
      Optimizer optimizer,
      TrainingHistory history)
      throws IOException {
    // The payload is encoded twice, once into nothing to count its bytes (the header gives them
    // first) and sum them, then into the file, rather than held whole in memory: built as arrays,
    // the tutorial network's 40 MB payload with Adam's slots took some 300 MB of short-lived
    // copies at every save, which raised the process's peak resident memory at each epoch's end.
    OptimizerState state = optimizer.state();
    ByteCounter counter = new ByteCounter();
    CRC32C crc = new CRC32C();
    DataOutputStream sum = new DataOutputStream(new CheckedOutputStream(counter, crc));
    CheckpointCodec.encode(sum, config, engineSettings, model, optimizer, state, history);
    sum.flush();
    AtomicFiles.write(
        file,
        raw -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
          out.write(MAGIC);
          out.writeInt(VERSION);
          out.writeLong(counter.count);
          CheckpointCodec.encode(
              out, config, engineSettings, model, optimizer, state, history);
          out.writeInt((int) crc.getValue());
          out.flush();
        });
  }

  /** Counts the bytes written into it, and keeps none. */
  private static final class ByteCounter extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Reads a checkpoint and rebuilds its model and optimizer.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws CheckpointException if it is not a checkpoint, has another version, is damaged or
   *     truncated, or its weights do not fit its architecture; the message names the file
   */
  public static Checkpoint load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER_BYTES
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CheckpointException(file, "not a convnet4j checkpoint (no C4J-CKPT header)");
    }
    in.position(MAGIC.length);
    int version = in.getInt();
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new CheckpointException(
          file,
          "format version %d; this convnet4j reads versions %d to %d"
              .formatted(version, OLDEST_VERSION, VERSION));
    }
    long length = in.getLong();
    if (length != bytes.length - HEADER_BYTES - Integer.BYTES) {
      throw new CheckpointException(
          file,
          "damaged: the header announces %d payload bytes, the file holds %d"
              .formatted(length, bytes.length - HEADER_BYTES - Integer.BYTES));
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER_BYTES, (int) length);
    if ((int) crc.getValue() != in.getInt(HEADER_BYTES + (int) length)) {
      throw new CheckpointException(file, "damaged: the checksum does not match the content");
    }
    try (DataInputStream payload =
        new DataInputStream(new ByteArrayInputStream(bytes, HEADER_BYTES, (int) length))) {
      return CheckpointCodec.decode(file, payload, version);
    } catch (EOFException e) {
      throw new CheckpointException(file, "damaged: the payload ends early", e);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "inconsistent: " + e.getMessage(), e);
    }
  }

  /**
   * Copies this checkpoint's weights, and its state that is not trained (moving statistics), into
   * {@code target}, a model of the same architecture built elsewhere.
   *
   * @throws CheckpointException if {@code target}'s architecture differs; the message names the
   *     file and the first difference
   */
  public void restoreWeightsInto(Sequential target) throws CheckpointException {
    if (!Arrays.equals(target.inputShape(), model.inputShape())) {
      throw new CheckpointException(
          file,
          "holds a model for inputs %s, not %s"
              .formatted(
                  Arrays.toString(model.inputShape()), Arrays.toString(target.inputShape())));
    }
    if (!target.specs().equals(model.specs())) {
      throw new CheckpointException(
          file,
          "holds another architecture: %s, expected %s".formatted(model.specs(), target.specs()));
    }
    assign(model.variables(), target.variables());
    assign(model.nonTrainableVariables(), target.nonTrainableVariables());
  }

  private static void assign(List<Variable> from, List<Variable> to) {
    for (int i = 0; i < from.size(); i++) {
      to.get(i).assign(from.get(i).value());
    }
  }

  /** The file this checkpoint was loaded from or saved to. */
  public Path file() {
    return file;
  }

  /** The run's settings. */
  public TrainingConfig config() {
    return config;
  }

  /**
   * The settings of the engine that ran the steps ({@link TrainingEngine#settings()}); empty for a
   * run on this machine.
   */
  public Map<String, String> engineSettings() {
    return engineSettings;
  }

  /** The model, with the checkpoint's weights. */
  public Sequential model() {
    return model;
  }

  /** The optimizer, with its state restored. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The run's history up to the checkpoint. */
  public TrainingHistory history() {
    return history;
  }

  /** The last completed epoch. */
  public int epoch() {
    return history.completedEpochs();
  }
}
