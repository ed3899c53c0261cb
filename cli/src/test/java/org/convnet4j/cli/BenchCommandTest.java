package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code convnet4j bench}'s argument checks; a full run takes minutes and belongs on an idle
 * machine, not in the test suite.
 */
class BenchCommandTest {

  @Test
  void zeroThreadsIsAUsageErrorNamingTheOption() {
    CommandRun run = CommandRun.main("bench", "--threads", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--threads").contains("at least 1").contains("got 0");
  }

  @Test
  void zeroBatchIsAUsageErrorNamingTheOption() {
    CommandRun run = CommandRun.main("bench", "--batch", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--batch").contains("at least 1").contains("got 0");
  }

  @Test
  void zeroStepsIsAUsageErrorNamingTheOption() {
    CommandRun run = CommandRun.main("bench", "--steps", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--steps").contains("at least 1").contains("got 0");
  }

  @Test
  void negativeWarmupIsAUsageErrorNamingTheOption() {
    CommandRun run = CommandRun.main("bench", "--warmup", "-1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--warmup").contains("at least 0").contains("got -1");
  }

  @Test
  void helpDescribesTheJsonLastLine() {
    CommandRun run = CommandRun.main("bench", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--threads").contains("JSON");
  }
}
