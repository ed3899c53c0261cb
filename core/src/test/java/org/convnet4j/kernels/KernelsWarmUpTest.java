package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#warmUp} on the fast kernels: runs at this machine's vector width, beside other
 * work, without changing it.
 */
class KernelsWarmUpTest {

  private static final Executor WARM_UP_THREAD = task -> Thread.ofPlatform().start(task);

  @Test
  void leavesProductsComputedBesideItUnchanged() {
    int m = 100;
    int n = 70;
    int k = 300;
    SplittableRandom random = new SplittableRandom(7);
    float[] a = random(random, m * k);
    float[] b = random(random, k * n);
    float[] alone = new float[m * n];
    FAST.matmul(a, false, b, false, alone, m, n, k);

    // Warm-up and products at once, as training does while its data loads: every product must
    // still be the same bits as the one computed alone.
    CompletableFuture<Void> warmUp = CompletableFuture.runAsync(FAST::warmUp, WARM_UP_THREAD);
    float[] beside = new float[m * n];
    boolean identical = true;
    do {
      FAST.matmul(a, false, b, false, beside, m, n, k);
      identical &= Arrays.equals(alone, beside);
    } while (!warmUp.isDone());
    warmUp.join(); // rethrows whatever the warm-up threw

    assertThat(identical).isTrue();
  }
}
