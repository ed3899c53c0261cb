package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelWarmUp}: runs at this machine's vector width, disturbs no other work, and stops when
 * interrupted.
 */
class KernelWarmUpTest {

  private static final Executor WARM_UP_THREAD = task -> Thread.ofPlatform().start(task);

  @Test
  void leavesProductsComputedBesideItUnchanged() {
    int m = 100;
    int n = 70;
    int k = 300;
    SplittableRandom random = new SplittableRandom(7);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) random.nextDouble(-1, 1);
    }
    VectorKernels kernels = new VectorKernels();
    float[] alone = new float[m * n];
    kernels.matmul(a, false, b, false, alone, m, n, k);

    // Warm-up and products at once, as training does while its data loads: every product must
    // still be the same bits as the one computed alone.
    CompletableFuture<Void> warmUp = CompletableFuture.runAsync(kernels::warmUp, WARM_UP_THREAD);
    float[] beside = new float[m * n];
    boolean identical = true;
    do {
      kernels.matmul(a, false, b, false, beside, m, n, k);
      identical &= Arrays.equals(alone, beside);
    } while (!warmUp.isDone());
    warmUp.join(); // rethrows whatever the warm-up threw

    assertThat(identical).isTrue();
  }

  @Test
  void stopsAtOnceWhenItsThreadIsInterruptedAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThat(KernelWarmUp.run()).isZero();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
