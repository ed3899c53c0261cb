package org.convnet4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {

  // The lines around VmHWM as Linux 6 writes them (proc_pid_status(5)); kB are kibibytes.
  private static final String STATUS =
      """
      Name:\tjava
      VmPeak:\t 9876543 kB
      VmSize:\t 9123456 kB
      VmHWM:\t  812345 kB
      VmRSS:\t  700000 kB
      Threads:\t19
      """;

  @Test
  void peakIsTheHighWaterMarkInMegabytes() {
    // 812,345 KiB * 1,024 = 831,841,280 bytes.
    assertThat(ResidentMemory.peakMegabytes(STATUS)).hasValue(831.84128);
  }

  @Test
  void statusWithoutHighWaterMarkGivesNothing() {
    assertThat(ResidentMemory.peakMegabytes("Name:\tjava\nVmRSS:\t 700000 kB\n")).isEmpty();
    assertThat(ResidentMemory.peakMegabytes("")).isEmpty();
  }

  @Test
  void malformedHighWaterMarkGivesNothing() {
    assertThat(ResidentMemory.peakMegabytes("VmHWM:\t lots kB\n")).isEmpty();
    assertThat(ResidentMemory.peakMegabytes("VmHWM:\t 812345 pages\n")).isEmpty();
    assertThat(ResidentMemory.peakMegabytes("VmHWM:\n")).isEmpty();
  }

  @Test
  void thisProcessHasAPeakWhereProcExists() {
    assumeThat(Files.isReadable(Path.of("/proc/self/status"))).isTrue();
    // A running JVM has touched at least its heap's first pages and its code: more than 10 MB.
    OptionalDouble peak = ResidentMemory.peakMegabytes();
    assertThat(peak).isPresent();
    assertThat(peak.getAsDouble()).isGreaterThan(10);
  }
}
