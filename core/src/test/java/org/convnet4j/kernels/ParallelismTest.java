package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.kernels.Fixtures.FAST;
import static org.convnet4j.kernels.Fixtures.assertSameBitsOnAnyThreadCount;
import static org.convnet4j.kernels.Fixtures.random;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The thread pool, and the promise it makes for the fast kernels: the same bits every run and for
 * every thread count, because work is split into fixed pieces summed in a fixed order.
 */
class ParallelismTest {

  private static final Conv2dGeometry CONV2 =
      Conv2dGeometry.of(9, 14, 14, 32, 5, 5, 64, 1, 1, Padding.SAME);

  private int threadsBefore;

  @BeforeEach
  void rememberThreads() {
    threadsBefore = Parallelism.threads();
  }

  @AfterEach
  void restoreThreads() {
    Parallelism.setThreads(threadsBefore);
  }

  @Test
  void forEachRunsEveryTaskExactlyOnce() {
    Parallelism.setThreads(3);
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);
    Parallelism.forEach(1000, runs::incrementAndGet);
    for (int t = 0; t < 1000; t++) {
      assertThat(runs.get(t)).as("task %d", t).isEqualTo(1);
    }
  }

  @Test
  void aWorkerThatWentToSleepWakesForTheNextCall() throws Exception {
    Parallelism.setThreads(2);
    Parallelism.forEach(2, t -> {});
    // Far longer than a worker spins before it sleeps.
    Thread.sleep(50);
    // Whichever thread takes task 0 waits for task 1, which only the other thread can run.
    CountDownLatch secondTaskRan = new CountDownLatch(1);
    Parallelism.forEach(
        2,
        t -> {
          if (t == 1) {
            secondTaskRan.countDown();
            return;
          }
          try {
            if (!secondTaskRan.await(10, TimeUnit.SECONDS)) {
              throw new AssertionError("task 1 did not run within 10 s: no second thread woke");
            }
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void callersOnSeveralThreadsAtOnceEachGetEveryTaskRunOnce() throws Exception {
    Parallelism.setThreads(2);
    int callers = 4;
    int rounds = 200;
    AtomicIntegerArray runs = new AtomicIntegerArray(callers * 64);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int round = 0; round < rounds; round++) {
                      Parallelism.forEach(64, t -> runs.incrementAndGet(caller * 64 + t));
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("caller %d task %d", i / 64, i % 64).isEqualTo(rounds);
    }
  }

  @Test
  void aFailureAmongManyTasksStillEndsTheCallAndLeavesThePoolWorking() {
    Parallelism.setThreads(2);
    assertThatThrownBy(
            () ->
                Parallelism.forEach(
                    10_000,
                    t -> {
                      if (t == 3) {
                        throw new IllegalArgumentException("task 3 failed");
                      }
                    }))
        .hasMessage("task 3 failed");
    AtomicIntegerArray runs = new AtomicIntegerArray(100);
    Parallelism.forEach(100, runs::incrementAndGet);
    for (int t = 0; t < 100; t++) {
      assertThat(runs.get(t)).as("task %d", t).isEqualTo(1);
    }
  }

  @Test
  void forEachInsideATaskRunsInline() {
    Parallelism.setThreads(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    Parallelism.forEach(
        4, outer -> Parallelism.forEach(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
    for (int t = 0; t < 16; t++) {
      assertThat(runs.get(t)).as("task %d", t).isEqualTo(1);
    }
  }

  @Test
  void forEachRethrowsATaskFailureInTheCaller() {
    Parallelism.setThreads(2);
    assertThatThrownBy(
            () ->
                Parallelism.forEach(
                    8,
                    t -> {
                      if (t == 5) {
                        throw new IllegalStateException("task 5 failed");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 5 failed");
  }

  @Test
  void setThreadsRejectsZero() {
    assertThatThrownBy(() -> Parallelism.setThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads")
        .hasMessageContaining("at least 1")
        .hasMessageContaining("0");
  }

  @Test
  void convolutionGivesTheSameBitsTwiceAndOnAnyThreadCount() {
    SplittableRandom random = new SplittableRandom(4);
    float[] input = random(random, CONV2.inputSize());
    float[] filter = random(random, CONV2.filterSize());
    float[] dOut = random(random, CONV2.outputSize());
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] out = new float[CONV2.outputSize()];
          FAST.conv2d(input, filter, out, CONV2);
          return out;
        });
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] dInput = new float[CONV2.inputSize()];
          FAST.conv2dBackwardInput(dOut, filter, dInput, CONV2);
          return dInput;
        });
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] dFilter = new float[CONV2.filterSize()];
          FAST.conv2dBackwardFilter(input, dOut, dFilter, CONV2);
          return dFilter;
        });
  }

  // A GEMM split over row tiles (B transposed), and one of a few rows (FewRows: a batch of three
  // images through a dense layer) split over parts of the shared dimension.
  @ParameterizedTest(name = "m={0} n={1} k={2} transposeB={3}")
  @CsvSource({"700, 500, 600, true", "3, 300, 1000, false"})
  void matmulGivesTheSameBitsTwiceAndOnAnyThreadCount(int m, int n, int k, boolean transposeB) {
    SplittableRandom random = new SplittableRandom(5);
    float[] a = random(random, m * k);
    float[] b = random(random, k * n);
    assertSameBitsOnAnyThreadCount(
        () -> {
          float[] c = new float[m * n];
          FAST.matmul(a, false, b, transposeB, c, m, n, k);
          return c;
        });
  }

}
