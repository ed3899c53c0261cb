package org.convnet4j.kernels;

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

  // How long a waiting thread spins before it parks (see Pool).
  private static final long SPIN_NANOS = 200_000;

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
   * {@code threads - 1} daemon workers that join one job at a time; the thread calling {@link
   * #run} is the last one. A worker between jobs spins for a while before it parks: waking a parked
   * thread takes tens of microseconds on this kind of machine, as long as a small kernel, and the
   * kernels of a training step or an inference follow one another closely.
   */
  private static final class Pool {

    final int threads;
    private final Thread[] workers;
    private final AtomicReference<Job> current = new AtomicReference<>();
    private volatile boolean shutdown;

    Pool(int threads) {
      this.threads = threads;
      this.workers = new Thread[threads - 1];
      for (int i = 0; i < workers.length; i++) {
        workers[i] =
            Thread.ofPlatform().daemon().name("convnet4j-kernel-" + (i + 1)).start(this::work);
      }
    }

    void run(int tasks, IntConsumer task) {
      Job job = new Job(tasks, task, Thread.currentThread());
      if (!current.compareAndSet(null, job)) {
        // Another thread's job has the workers: this one runs alone rather than wait.
        job.drain();
      } else {
        try {
          for (Thread worker : workers) {
            LockSupport.unpark(worker);
          }
          job.drain();
          job.awaitDone();
        } finally {
          current.set(null);
        }
      }
      job.rethrowFailure();
    }

    private void work() {
      Job last = null;
      long idleSince = System.nanoTime();
      while (!shutdown) {
        Job job = current.get();
        if (job != null && job != last) {
          last = job;
          job.drain();
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
          idleSince = System.nanoTime();
        }
      }
    }

    void shutdown() {
      shutdown = true;
      for (Thread worker : workers) {
        LockSupport.unpark(worker);
      }
    }
  }

  /**
   * One {@link #forEach}: tasks handed out one at a time from a shared counter, so a thread slowed
   * down by other load on the machine simply takes fewer of them.
   */
  private static final class Job {

    private final int tasks;
    private final IntConsumer task;
    private final Thread caller;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int tasks, IntConsumer task, Thread caller) {
      this.tasks = tasks;
      this.task = task;
      this.caller = caller;
    }

    void drain() {
      IN_TASK.set(true);
      try {
        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
          int finished = 1;
          try {
            task.accept(t);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
            // The tasks nobody has taken yet will not run; they count as done.
            finished += tasks - Math.min(tasks, next.getAndSet(tasks));
          }
          if (done.addAndGet(finished) == tasks) {
            LockSupport.unpark(caller);
          }
        }
      } finally {
        IN_TASK.set(false);
      }
    }

    void awaitDone() {
      long start = System.nanoTime();
      while (done.get() < tasks) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }

    void rethrowFailure() {
      Throwable e = failure.get();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      if (e != null) {
        throw new IllegalStateException("a kernel task failed", e);
      }
    }
  }
}
