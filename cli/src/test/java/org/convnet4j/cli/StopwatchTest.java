package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopwatchTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Stopwatch.median(new double[] {9, 1, 5})).isEqualTo(5);
  }

  @Test
  void medianOfAnEvenCountAveragesTheMiddleTwo() {
    assertThat(Stopwatch.median(new double[] {4, 1, 3, 10})).isEqualTo(3.5);
  }

  @Test
  void withoutWarmUpTimeTheWorkRunsOnceUntimedThenOncePerTimedRun() {
    AtomicInteger calls = new AtomicInteger();
    Stopwatch.medianMillis(0, 3, calls::incrementAndGet);
    assertThat(calls).hasValue(4);
  }
}
