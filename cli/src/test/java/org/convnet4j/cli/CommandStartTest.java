package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandStartTest {

  // 2026-12-07T12:00:00.250Z
  private static final Instant JVM_START = Instant.ofEpochSecond(1_796_644_800L, 250_000_000);

  @Test
  void theLaunchersTimeShortlyBeforeTheJvmIsTheStart() {
    // bash's EPOCHREALTIME: seconds and microseconds; 0.18 s before the JVM
    assertThat(CommandStart.instant("1796644800.070000", JVM_START))
        .isEqualTo(Instant.ofEpochSecond(1_796_644_800L, 70_000_000));
  }

  @Test
  void aCommaAsDecimalSeparatorIsRead() {
    // EPOCHREALTIME follows the locale's decimal point
    assertThat(CommandStart.instant("1796644800,125000", JVM_START))
        .isEqualTo(Instant.ofEpochSecond(1_796_644_800L, 125_000_000));
  }

  @Test
  void withoutTheVariableTheJvmsStartIsTheStart() {
    assertThat(CommandStart.instant(null, JVM_START)).isEqualTo(JVM_START);
    // bash before 5 has no EPOCHREALTIME: the launcher passes an empty value
    assertThat(CommandStart.instant("", JVM_START)).isEqualTo(JVM_START);
    assertThat(CommandStart.instant("yesterday", JVM_START)).isEqualTo(JVM_START);
  }

  @Test
  void aTimeInheritedFromAnEarlierCommandOrAfterTheJvmIsIgnored() {
    // 60 s before the JVM: a value exported by another launcher, not this command's start
    assertThat(CommandStart.instant("1796644740.250000", JVM_START)).isEqualTo(JVM_START);
    // after the JVM started: not a launcher that started it
    assertThat(CommandStart.instant("1796644801.000000", JVM_START)).isEqualTo(JVM_START);
  }
}
