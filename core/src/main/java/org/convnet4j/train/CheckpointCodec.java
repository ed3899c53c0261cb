package org.convnet4j.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.Variable;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.nn.LayerSpec;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Optimizer;
import org.convnet4j.optim.OptimizerState;
import org.convnet4j.optim.OptimizerType;

/** Turns a run's state into the payload bytes of a {@link Checkpoint} and back. */
final class CheckpointCodec {

  // Floats per write of an array: 64 KB.
  private static final int WRITE_CHUNK = 16_384;

  private CheckpointCodec() {}

  /**
   * Writes the payload into {@code out}; {@code state} is {@code optimizer}'s. The same arguments
   * write the same bytes, so {@link Checkpoint#save} can count them before writing them.
   */
  static void encode(
      DataOutputStream out,
      TrainingConfig config,
      Map<String, String> engineSettings,
      Sequential model,
      Optimizer optimizer,
      OptimizerState state,
      TrainingHistory history)
      throws IOException {
    Map<String, String> settings = new LinkedHashMap<>(config.settings());
    engineSettings.forEach((k, v) -> settings.put(Checkpoint.ENGINE_PREFIX + k, v));
    out.writeInt(settings.size());
    for (Map.Entry<String, String> e : settings.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    writeModel(out, model);
    out.writeUTF(optimizer.type().cliName());
    out.writeFloat(optimizer.learningRate());
    out.writeLong(state.iterations());
    out.writeInt(state.slots().size());
    for (Map.Entry<String, float[]> e : state.slots().entrySet()) {
      out.writeUTF(e.getKey());
      writeFloats(out, e.getValue());
    }
    writeHistory(out, history);
  }

  static Checkpoint decode(Path file, DataInputStream in, int version) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> engineSettings = new LinkedHashMap<>();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String key = in.readUTF();
      String value = in.readUTF();
      if (key.startsWith(Checkpoint.ENGINE_PREFIX)) {
        engineSettings.put(key.substring(Checkpoint.ENGINE_PREFIX.length()), value);
      } else {
        settings.put(key, value);
      }
    }
    TrainingConfig config = TrainingConfig.fromSettings(settings);
    Sequential model = readModel(in, version);
    OptimizerType type = OptimizerType.parse(in.readUTF());
    Optimizer optimizer = type.create(in.readFloat());
    long iterations = in.readLong();
    Map<String, float[]> slots = new LinkedHashMap<>();
    int slotCount = in.readInt();
    for (int i = 0; i < slotCount; i++) {
      slots.put(in.readUTF(), readFloats(in));
    }
    optimizer.restore(new OptimizerState(iterations, slots), model.variables());
    TrainingHistory history = readHistory(in);
    if (in.available() > 0) {
      throw new IllegalArgumentException(in.available() + " bytes after the history");
    }
    return new Checkpoint(file, config, engineSettings, model, optimizer, history);
  }

  private static void writeModel(DataOutputStream out, Sequential model) throws IOException {
    int[] shape = model.inputShape();
    out.writeInt(shape.length);
    for (int d : shape) {
      out.writeInt(d);
    }
    out.writeLong(model.seed());
    List<LayerSpec> specs = model.specs();
    out.writeInt(specs.size());
    for (LayerSpec spec : specs) {
      out.writeUTF(spec.toString());
    }
    writeVariables(out, model.variables());
    writeVariables(out, model.nonTrainableVariables());
  }

  private static void writeVariables(DataOutputStream out, List<Variable> variables)
      throws IOException {
    out.writeInt(variables.size());
    for (Variable v : variables) {
      out.writeUTF(v.name());
      writeFloats(out, TensorAccess.data(v.value()));
    }
  }

  private static Sequential readModel(DataInputStream in, int version) throws IOException {
    int[] shape = new int[checkedCount(in.readInt(), "input rank")];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.readInt();
    }
    long seed = in.readLong();
    List<LayerSpec> specs = new ArrayList<>();
    int layers = checkedCount(in.readInt(), "layer count");
    for (int i = 0; i < layers; i++) {
      specs.add(LayerSpec.parse(in.readUTF()));
    }
    Sequential model = Sequential.fromSpecs(shape, seed, specs);
    readVariables(in, model.variables(), "weight tensors", "variables");
    // Version 1 had no state section; its layers had no state either.
    if (version >= 2) {
      readVariables(in, model.nonTrainableVariables(), "state tensors", "state variables");
    } else if (!model.nonTrainableVariables().isEmpty()) {
      throw new IllegalArgumentException("a version 1 checkpoint cannot hold layers with state");
    }
    return model;
  }

  private static void readVariables(
      DataInputStream in, List<Variable> variables, String tensors, String kind)
      throws IOException {
    int count = in.readInt();
    if (count != variables.size()) {
      throw new IllegalArgumentException(
          "%d %s for an architecture with %d %s"
              .formatted(count, tensors, variables.size(), kind));
    }
    for (Variable v : variables) {
      String name = in.readUTF();
      float[] values = readFloats(in);
      if (!name.equals(v.name()) || values.length != v.size()) {
        throw new IllegalArgumentException(
            "weights %s with %d values do not fit variable %s of %d values"
                .formatted(name, values.length, v.name(), v.size()));
      }
      v.assign(TensorAccess.wrap(values, v.shape()));
    }
  }

  private static void writeHistory(DataOutputStream out, TrainingHistory history)
      throws IOException {
    out.writeInt(history.completedEpochs());
    for (EpochMetrics e : history.epochs()) {
      out.writeInt(e.epoch());
      out.writeDouble(e.trainLoss());
      out.writeDouble(e.validationAccuracy());
      out.writeDouble(e.imagesPerSecond());
      out.writeDouble(e.seconds());
    }
    writeFloats(out, history.stepLosses());
    writeFloats(out, history.stepAccuracies());
  }

  private static TrainingHistory readHistory(DataInputStream in) throws IOException {
    TrainingHistory history = new TrainingHistory();
    int epochs = checkedCount(in.readInt(), "epoch count");
    for (int i = 0; i < epochs; i++) {
      history.addEpoch(
          new EpochMetrics(
              in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
    }
    float[] losses = readFloats(in);
    float[] accuracies = readFloats(in);
    if (losses.length != accuracies.length) {
      throw new IllegalArgumentException(
          "%d step losses but %d step accuracies".formatted(losses.length, accuracies.length));
    }
    for (int i = 0; i < losses.length; i++) {
      history.addStep(losses[i], accuracies[i]);
    }
    return history;
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    // In pieces through one small buffer: the whole array's bytes at once would be another copy of
    // the largest weights (13 MB for the tutorial network's dense layer) per array and save.
    ByteBuffer buffer = ByteBuffer.allocate(WRITE_CHUNK * Float.BYTES);
    for (int from = 0; from < values.length; from += WRITE_CHUNK) {
      int n = Math.min(WRITE_CHUNK, values.length - from);
      buffer.clear();
      buffer.asFloatBuffer().put(values, from, n);
      out.write(buffer.array(), 0, n * Float.BYTES);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = checkedCount(in.readInt(), "array length");
    if ((long) n * Float.BYTES > in.available()) {
      throw new IllegalArgumentException(
          "an array of %d floats is longer than the rest of the file".formatted(n));
    }
    byte[] bytes = new byte[n * Float.BYTES];
    in.readFully(bytes);
    float[] values = new float[n];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }

  private static int checkedCount(int n, String what) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " is negative: " + n);
    }
    return n;
  }
}
