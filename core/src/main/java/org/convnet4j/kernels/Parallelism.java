package org.convnet4j.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one thread pool the fast kernels share, sized by the {@value #PROPERTY} system property
 * (default: every available core) or by {@link #setThreads}. Work is split into tasks that each
 * write their own part of the output, so which thread runs a task never changes a result: kernels
 * give the same bits run to run, whatever the thread count.
 */
public final class Parallelism {

  /** System property giving the number of threads the kernels use. */
  public static final String PROPERTY = "convnet4j.threads";

  private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);

  private static volatile Pool pool = new Pool(initialThreads());

  private Parallelism() {}

  /** The number of threads kernels run on, the caller's included. */
  public static int threads() {
    return pool.threads;
  }

  /** Sets the number of threads kernels run on (at least 1), replacing the pool. */
  public static synchronized void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected at least 1, got " + threads);
    }
    if (threads != pool.threads) {
      Pool old = pool;
      pool = new Pool(threads);
      old.shutdown();
    }
  }

  /**
   * Runs {@code task.accept(t)} for every {@code t} in {@code [0, tasks)} on the pool, the calling
   * thread taking part, and returns when all are done. Tasks must write disjoint outputs. Called
   * from inside a task, it runs the tasks inline rather than waiting on a busy pool.
   */
  public static void forEach(int tasks, IntConsumer task) {
    Pool current = pool;
    if (tasks <= 1 || current.threads == 1 || IN_TASK.get()) {
      for (int t = 0; t < tasks; t++) {
        task.accept(t);
      }
      return;
    }
    current.run(tasks, task);
  }

  private static int initialThreads() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below, which names the property
    }
    throw new IllegalArgumentException(
        "%s: expected a whole number of threads, at least 1, got '%s'".formatted(PROPERTY, value));
  }

  /** {@code threads - 1} daemon workers; the thread calling {@link #run} is the last one. */
  private static final class Pool {
    final int threads;
    private final ExecutorService workers;

    Pool(int threads) {
      this.threads = threads;
      this.workers =
          threads == 1
              ? null
              : Executors.newFixedThreadPool(
                  threads - 1, Thread.ofPlatform().daemon().name("convnet4j-kernel-", 1).factory());
    }

    // Tasks are handed out one at a time from a shared counter, so a thread slowed down by other
    // load on the machine simply takes fewer of them.
    void run(int tasks, IntConsumer task) {
      AtomicInteger next = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      int helpers = Math.min(threads, tasks) - 1;
      CountDownLatch done = new CountDownLatch(helpers);
      Runnable drain =
          () -> {
            IN_TASK.set(true);
            try {
              for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                task.accept(t);
              }
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
              next.set(tasks);
            } finally {
              IN_TASK.set(false);
            }
          };
      for (int i = 0; i < helpers; i++) {
        try {
          workers.execute(
              () -> {
                try {
                  drain.run();
                } finally {
                  done.countDown();
                }
              });
        } catch (RejectedExecutionException e) {
          // setThreads replaced this pool meanwhile: the calling thread drains the tasks alone.
          done.countDown();
        }
      }
      drain.run();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kernel threads", e);
      }
      Throwable e = failure.get();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
    }

    void shutdown() {
      if (workers != null) {
        workers.shutdown();
      }
    }
  }
}
