package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatcherTest {

  private static final int NUM_CLASSES = 3;

  /** {@code size} 1x1 images whose single pixel is the example's index; label index % 3. */
  private static DataSplit indexedSplit(int size) {
    float[] pixels = new float[size];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      pixels[i] = i;
      labels[i] = i % NUM_CLASSES;
    }
    return DataSplit.of(Tensor.of(pixels, size, 1, 1, 1), labels, NUM_CLASSES);
  }

  /** The indices of the examples in a batch of {@link #indexedSplit}. */
  private static List<Integer> indicesOf(Batch batch) {
    float[] pixels = batch.images().toFloatArray();
    return IntStream.range(0, pixels.length).mapToObj(i -> (int) pixels[i]).toList();
  }

  private static List<Integer> serve(Batcher batcher, int batches, int n) {
    List<Integer> served = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      served.addAll(indicesOf(batcher.nextBatch(n)));
    }
    return served;
  }

  static Stream<Arguments> splitAndBatchSizes() {
    SplittableRandom random = new SplittableRandom(20261127);
    return IntStream.range(0, 12)
        .mapToObj(
            c -> {
              int size = 1 + random.nextInt(60);
              return Arguments.of(size, 1 + random.nextInt(size), random.nextLong());
            });
  }

  @ParameterizedTest(name = "size {0}, batch {1}")
  @MethodSource("splitAndBatchSizes")
  void everyEpochServesEveryExampleExactlyOnce(int size, int n, long seed) {
    Batcher batcher = new Batcher(indexedSplit(size), seed);
    int epochs = 3;

    List<Integer> served = serve(batcher, (epochs * size + n - 1) / n, n);

    // batches may straddle epochs, so cut the stream of served indices at multiples of size
    for (int e = 0; e < epochs; e++) {
      assertThat(served.subList(e * size, (e + 1) * size))
          .as("epoch %d", e)
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, size).boxed().toList());
    }
  }

  @ParameterizedTest(name = "size {0}, batch {1}")
  @MethodSource("splitAndBatchSizes")
  void labelsStayWithTheirImages(int size, int n, long seed) {
    Batch batch = new Batcher(indexedSplit(size), seed).nextBatch(n);

    List<Integer> indices = indicesOf(batch);
    for (int b = 0; b < n; b++) {
      assertThat(batch.labels().get(b, indices.get(b) % NUM_CLASSES)).isEqualTo(1f);
    }
  }

  @Test
  void eachEpochHasAFreshPermutation() {
    Batcher batcher = new Batcher(indexedSplit(40), 7);

    List<Integer> first = serve(batcher, 1, 40);
    List<Integer> second = serve(batcher, 1, 40);

    assertThat(first).isNotEqualTo(IntStream.range(0, 40).boxed().toList());
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void sameSeedServesTheSameBatches() {
    DataSplit split = indexedSplit(30);

    assertThat(serve(new Batcher(split, 42), 10, 7))
        .isEqualTo(serve(new Batcher(split, 42), 10, 7));
  }

  @Test
  void otherSeedServesAnotherOrder() {
    DataSplit split = indexedSplit(30);

    assertThat(serve(new Batcher(split, 42), 1, 30))
        .isNotEqualTo(serve(new Batcher(split, 43), 1, 30));
  }

  @Test
  void resumedBatcherServesWhatTheOriginalServesNext() {
    DataSplit split = indexedSplit(25);
    Batcher original = new Batcher(split, 5);
    serve(original, 9, 8); // 72 examples: epoch 2, position 22

    Batcher resumed = new Batcher(split, 5, original.examplesServed());

    assertThat(original.examplesServed()).isEqualTo(72);
    assertThat(resumed.epochsCompleted()).isEqualTo(2);
    assertThat(serve(resumed, 6, 8)).isEqualTo(serve(original, 6, 8));
  }

  @Test
  void batchAtTheEndOfAnEpochTakesTheRestAndStartsTheNextEpoch() {
    Batcher batcher = new Batcher(indexedSplit(10), 3);
    List<Integer> firstEpoch = serve(batcher, 2, 4);

    List<Integer> straddling = indicesOf(batcher.nextBatch(4));

    assertThat(batcher.epochsCompleted()).isEqualTo(1);
    assertThat(batcher.examplesServed()).isEqualTo(12);
    assertThat(straddling).hasSize(4);
    // the first two finish epoch 0: exactly the two examples it has not served yet
    assertThat(firstEpoch).doesNotContainAnyElementsOf(straddling.subList(0, 2));
  }

  @Test
  void epochEndsExactlyWhenBatchesDivideTheSplit() {
    Batcher batcher = new Batcher(indexedSplit(12), 3);

    serve(batcher, 2, 6);

    assertThat(batcher.epochsCompleted()).isEqualTo(1);
    assertThat(batcher.examplesServed()).isEqualTo(12);
  }

  @Test
  void batchesPerEpochRoundsUp() {
    Batcher batcher = new Batcher(indexedSplit(55), 1);

    assertThat(batcher.batchesPerEpoch(5)).isEqualTo(11);
    assertThat(batcher.batchesPerEpoch(10)).isEqualTo(6);
    assertThat(batcher.batchesPerEpoch(55)).isEqualTo(1);
  }

  @Test
  void batchLargerThanTheSplitIsRejected() {
    Batcher batcher = new Batcher(indexedSplit(10), 1);

    assertThatThrownBy(() -> batcher.nextBatch(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size must be in 1..10 (the split's size), got 11");
  }

  @Test
  void emptyBatchIsRejected() {
    Batcher batcher = new Batcher(indexedSplit(10), 1);

    assertThatThrownBy(() -> batcher.nextBatch(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void negativeExamplesServedIsRejected() {
    assertThatThrownBy(() -> new Batcher(indexedSplit(10), 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("examplesServed must not be negative, got -1");
  }
}
