package org.convnet4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The process's peak resident memory, as Linux keeps it: the {@code VmHWM} line ("high water
 * mark") of {@code /proc/self/status}, the figure {@code /usr/bin/time -v} reports as "Maximum
 * resident set size". It counts everything the process touched (the Java heap as far as the
 * collector used it, the JIT's code and arenas, thread stacks), which the JVM's own heap figures
 * do not. On systems without {@code /proc} the figure is absent, never an error.
 */
public final class ResidentMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ResidentMemory() {}

  /** The peak resident memory so far in megabytes (10^6 bytes), or empty where unknown. */
  public static OptionalDouble peakMegabytes() {
    String status;
    try {
      status = Files.readString(STATUS);
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return OptionalDouble.empty();
    }
    return peakMegabytes(status);
  }

  /**
   * The {@code VmHWM} of a {@code /proc/<pid>/status} text in megabytes, or empty if it has no such
   * line or the line is not {@code VmHWM: <number> kB}.
   */
  static OptionalDouble peakMegabytes(String status) {
    for (String line : status.split("\n")) {
      if (!line.startsWith("VmHWM:")) {
        continue;
      }
      String[] fields = line.substring("VmHWM:".length()).trim().split("\\s+");
      if (fields.length != 2 || !fields[1].equals("kB")) {
        return OptionalDouble.empty();
      }
      try {
        // The kernel's "kB" are kibibytes.
        return OptionalDouble.of(Long.parseLong(fields[0]) * 1024 / 1e6);
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    }
    return OptionalDouble.empty();
  }
}
