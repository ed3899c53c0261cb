package org.convnet4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.convnet4j.train.TrainingListener;

/**
 * Turns SIGTERM and Ctrl-C into a clean stop of training. The JVM runs its shutdown hooks on
 * either; this one asks training to stop after its current step ({@link #shouldStop}) and holds the
 * JVM up to {@value #GRACE_SECONDS} s while the command saves the checkpoint, evaluates and writes
 * the report, until {@link #close}. Passes everything else on to the listener it wraps.
 */
final class ShutdownStop extends ForwardingListener implements AutoCloseable {

  static final int GRACE_SECONDS = 60;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  ShutdownStop(TrainingListener listener) {
    super(listener);
    this.hook =
        new Thread(
            () -> {
              requested.set(true);
              try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "convnet4j-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public boolean shouldStop() {
    return requested.get() || super.shouldStop();
  }

  /** The command is done: the JVM may exit. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it returns now that the latch is open.
    }
  }
}
