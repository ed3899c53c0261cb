package org.convnet4j.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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

  /**
   * {@code threads - 1} daemon workers; the thread calling {@link #run} is the last one. A worker
   * that runs out of work spins for a while before it sleeps: a training step calls the pool
   * dozens of times, microseconds apart, and waking a sleeping thread costs tens of microseconds.
   */
  private static final class Pool {
    // About 60 microseconds: Thread.onSpinWait() took 29 ns on this project's machine.
    private static final int SPINS = 2_000;

    final int threads;
    private final Thread[] workers;
    private final AtomicBoolean[] sleeping;
    private volatile Job current;
    private volatile boolean closed;

    Pool(int threads) {
      this.threads = threads;
      this.workers = new Thread[threads - 1];
      this.sleeping = new AtomicBoolean[threads - 1];
      for (int i = 0; i < workers.length; i++) {
        sleeping[i] = new AtomicBoolean();
        int index = i;
        workers[i] =
            Thread.ofPlatform()
                .daemon()
                .name("convnet4j-kernel-" + (i + 1))
                .start(() -> work(index));
      }
    }

    // Tasks are handed out one at a time from a shared counter, so a thread slowed down by other
    // load on the machine simply takes fewer of them.
    void run(int tasks, IntConsumer task) {
      Job job = new Job(tasks, task);
      current = job;
      for (int i = 0; i < workers.length; i++) {
        if (sleeping[i].get()) {
          LockSupport.unpark(workers[i]);
        }
      }
      job.drain();
      // The last tasks others took are usually microseconds from done; past that, other threads
      // of the program (a batch being read, the collector) get this core meanwhile.
      for (int spins = 0; job.done.get() < tasks; spins++) {
        if (spins < SPINS) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      Throwable e = job.failure.get();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
    }

    private void work(int index) {
      Job seen = null;
      int spins = 0;
      while (!closed) {
        Job job = current;
        if (job != seen) {
          seen = job;
          job.drain();
          spins = 0;
        } else if (spins < SPINS) {
          spins++;
          Thread.onSpinWait();
        } else {
          // run() reads sleeping after it publishes a job: either it sees this flag and unparks,
          // or this thread sees the job below and does not park.
          sleeping[index].set(true);
          if (current == seen && !closed) {
            LockSupport.park(this);
          }
          sleeping[index].set(false);
          spins = 0;
        }
      }
    }

    void shutdown() {
      closed = true;
      for (Thread worker : workers) {
        LockSupport.unpark(worker);
      }
    }
  }

  /** One call's tasks: claimed one at a time, each counted done once run (or skipped on failure). */
  private static final class Job {
    final int tasks;
    final IntConsumer task;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int tasks, IntConsumer task) {
      this.tasks = tasks;
      this.task = task;
    }

    void drain() {
      IN_TASK.set(true);
      try {
        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
          // After a failure the remaining tasks are skipped but still counted, so the caller's
          // wait for every task to be done ends.
          if (failure.get() == null) {
            try {
              task.accept(t);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          }
          done.incrementAndGet();
        }
      } finally {
        IN_TASK.set(false);
      }
    }
  }
}
