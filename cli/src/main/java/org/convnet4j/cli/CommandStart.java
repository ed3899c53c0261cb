package org.convnet4j.cli;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * When the command started: the {@code convnet4j} launcher's own start, which it passes on in
 * {@value #VARIABLE} (bash's {@code EPOCHREALTIME}, seconds since the epoch), else the JVM's.
 *
 * <p>Not {@link ProcessHandle.Info#startInstant()}, though the launcher execs Java and the process
 * is the same: on Linux it adds the process's start, counted from boot, to the boot time, which
 * the kernel gives in whole seconds, so it can be up to a second early (0.87 s on this project's
 * machine, which made a 1.9 s start read 2.8 s).
 */
final class CommandStart {

  /** The variable the launcher sets to its start time. */
  static final String VARIABLE = "CONVNET4J_LAUNCHED_AT";

  // A value inherited from another launcher's process, long before this JVM, is not this command's.
  private static final Duration LAUNCHER_BEFORE_JVM = Duration.ofSeconds(10);

  private CommandStart() {}

  /** The command's start. */
  static Instant instant() {
    return instant(
        System.getenv(VARIABLE),
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  /**
   * {@code launchedAt} (seconds since the epoch, with a fraction) if it is a time shortly before
   * {@code jvmStart}, else {@code jvmStart}.
   */
  static Instant instant(String launchedAt, Instant jvmStart) {
    if (launchedAt == null) {
      return jvmStart;
    }
    Instant launched;
    try {
      BigDecimal nanos = new BigDecimal(launchedAt.trim().replace(',', '.')).movePointRight(9);
      launched = Instant.EPOCH.plusNanos(nanos.toBigInteger().longValueExact());
    } catch (NumberFormatException | ArithmeticException notATime) {
      return jvmStart;
    }
    boolean shortlyBefore =
        !launched.isAfter(jvmStart.plusMillis(1))
            && launched.isAfter(jvmStart.minus(LAUNCHER_BEFORE_JVM));
    return shortlyBefore ? launched : jvmStart;
  }
}
