package org.convnet4j.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link KernelWarmUp} stops when interrupted; {@code KernelsWarmUpTest} runs it beside other work.
 */
class KernelWarmUpTest {

  @Test
  void stopsAtOnceWhenItsThreadIsInterruptedAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThat(KernelWarmUp.run()).isZero();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
