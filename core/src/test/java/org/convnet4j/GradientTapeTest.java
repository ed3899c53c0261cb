package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the tape records, what it returns, and what it leaves alone. */
class GradientTapeTest {

  @Test
  void gradientOfSumOfSquaresIsTwiceTheInput() {
    Tensor x = Tensor.of(new float[] {1, -2, 3}, 3);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(x);
      Tensor loss = Ops.reduceSum(Ops.multiply(x, x));
      assertThat(tape.gradient(loss, x)[0].toFloatArray()).containsExactly(2, -4, 6);
    }
  }
}
