package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

/** What the fetch integration tests check of every real data set. */
final class RealDataChecks {

  private RealDataChecks() {}

  /**
   * Loads {@code dataset} through the default cache (fetching it by the real route if it is not
   * there), prints how long that took, and checks the cached files' SHA-256, TensorFlow's split
   * sizes and shapes, and that the scaled pixels span exactly {@code [0, 1]} (both data sets use
   * the whole byte range 0..255).
   */
  static DataSets fetchedAndVerified(Dataset dataset) throws IOException {
    long start = System.nanoTime();
    DataSets sets = DatasetLoader.load(dataset, null, System.out::println);
    System.out.printf(
        "%s: fetched (if not cached) and loaded in %.1f s%n",
        dataset.cliName(), (System.nanoTime() - start) / 1e9);

    Path cached = DatasetLoader.defaultCacheDir().resolve(dataset.cliName());
    for (DatasetFile file : dataset.files()) {
      assertThat(CacheDirectory.sha256Of(cached.resolve(file.name())))
          .as(file.name())
          .isEqualTo(file.sha256());
    }
    assertThat(sets.train().size()).isEqualTo(55_000);
    assertThat(sets.validation().size()).isEqualTo(5_000);
    assertThat(sets.test().size()).isEqualTo(10_000);
    assertThat(sets.train().images().shape()).containsExactly(55_000, 28, 28, 1);
    assertThat(sets.test().labels().shape()).containsExactly(10_000, 10);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : sets.train().images().toFloatArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
    return sets;
  }
}
