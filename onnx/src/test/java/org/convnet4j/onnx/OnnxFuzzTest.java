package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.convnet4j.Padding;
import org.convnet4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged ONNX files: valid exports and PyTorch's files truncated, with bytes flipped or overwritten, hundreds of times
 * from a seed. Each read ends in a model or in an {@link OnnxException} with a one-line message;
 * never another exception, a hang or an out-of-memory.
 */
class OnnxFuzzTest {

  static final int MUTATIONS = 300;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void damagedFilesEndInAClearErrorOrAModel(long seed, @TempDir Path dir) throws Exception {
    List<byte[]> valid =
        List.of(
            bytes(ExportModels.conv(new int[] {7, 9, 2}, 3, 1, Padding.SAME)),
            bytes(ExportModels.pool(false, 3, 2, Padding.SAME)),
            bytes(ExportModels.model(new int[] {5, 5, 2},
                new org.convnet4j.nn.Conv2D(3, 3, 1, Padding.VALID,
                    org.convnet4j.nn.Activation.LINEAR),
                new org.convnet4j.nn.ReLU(), new org.convnet4j.nn.MaxPool2D(2, 2, Padding.SAME),
                new org.convnet4j.nn.Flatten(), new org.convnet4j.nn.Dense(4))),
            // PyTorch's: Constant nodes, a Pad before an AveragePool, an NCHW Flatten, Gemm
            TorchModelsTest.resource("avg-pool-pad.onnx"),
            TorchModelsTest.resource("flatten-gemm.onnx"));
    SplittableRandom random = new SplittableRandom(seed);
    Path file = dir.resolve("damaged.onnx");
    int[] outcomes = new int[2];
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          for (int i = 0; i < MUTATIONS; i++) {
            byte[] original = valid.get(random.nextInt(valid.size()));
            byte[] damaged = damage(original, random);
            Files.write(file, damaged);
            try {
              OnnxImport.read(file);
              outcomes[0]++;
            } catch (OnnxException e) {
              assertThat(e.getMessage()).as("mutation %d", i).isNotBlank().doesNotContain("\n");
              outcomes[1]++;
            } catch (Throwable t) {
              throw new AssertionError(
                  "mutation %d (seed %d) ended in %s rather than an OnnxException"
                      .formatted(i, seed, t),
                  t);
            }
          }
        });
    // Most damage is caught; a flipped weight byte, which ONNX has no checksum to catch, is not.
    assertThat(outcomes[1]).isGreaterThan(MUTATIONS / 4);
  }

  @Test
  void declaredTensorSizeIsCheckedBeforeAllocating() throws Exception {
    ModelProto valid =
        OnnxExport.toModel(ExportModels.conv(new int[] {7, 9, 2}, 3, 1, Padding.SAME), List.of());
    // A kernel declaring 2^40 floats over 16 bytes of data.
    TensorProto huge =
        valid.getGraph().getInitializer(0).toBuilder()
            .clearDims().addDims(1L << 20).addDims(1L << 20).addDims(1).addDims(1)
            .setRawData(ByteString.copyFrom(new byte[16]))
            .build();
    ModelProto damaged =
        valid.toBuilder().setGraph(valid.getGraph().toBuilder().setInitializer(0, huge)).build();
    assertThatThrownBy(() -> OnnxImport.fromModel(damaged))
        .isInstanceOf(OnnxException.class)
        .hasMessageContaining("declares more than");
  }

  @Test
  void notOnnxIsSaidSo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "hello, not a model");
    assertThatThrownBy(() -> OnnxImport.read(file))
        .isInstanceOf(OnnxException.class)
        .hasMessageStartingWith(file + ": not an ONNX model");
  }

  static byte[] bytes(org.convnet4j.nn.Sequential model) {
    return OnnxExport.toModel(model, Dataset.MNIST.classNames()).toByteArray();
  }

  /** Truncates, flips a few bits, or overwrites a run of bytes, at random places. */
  static byte[] damage(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        return java.util.Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 1 -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      default -> {
        int at = random.nextInt(b.length);
        int run = Math.min(1 + random.nextInt(6), b.length - at);
        for (int i = 0; i < run; i++) {
          b[at + i] = (byte) random.nextInt(256);
        }
      }
    }
    return b;
  }
}
