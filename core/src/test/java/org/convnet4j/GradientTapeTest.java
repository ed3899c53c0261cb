package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.convnet4j.autodiff.Tape;
import org.junit.jupiter.api.Test;

/** What the tape records, what it returns, and what it leaves alone. */
class GradientTapeTest {

  private static final Tensor X = Tensor.of(new float[] {1, -2, 3}, 3);

  @Test
  void gradientOfSumOfSquaresIsTwiceTheInput() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      Tensor loss = Ops.reduceSum(Ops.multiply(X, X));
      assertThat(tape.gradient(loss, X)[0].toFloatArray()).containsExactly(2, -4, 6);
    }
  }

  @Test
  void nonScalarTargetIsSummedFirst() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      Tensor y = Ops.multiply(X, Tensor.scalar(3f));
      assertThat(tape.gradient(y, X)[0].toFloatArray()).containsExactly(3, 3, 3);
    }
  }

  @Test
  void gradientsComeBackInTheOrderAskedWithTheSourcesShapes() {
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor b = Tensor.of(new float[] {0.5f, -0.5f}, 2);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(w, b);
      Tensor loss = Ops.reduceSum(Ops.add(Ops.matmul(X.reshape(1, 3), w), b));
      Tensor[] g = tape.gradient(loss, b, w);
      assertThat(g[0].shape()).containsExactly(2);
      assertThat(g[0].toFloatArray()).containsExactly(1, 1);
      assertThat(g[1].shape()).containsExactly(3, 2);
      assertThat(g[1].toFloatArray()).containsExactly(1, 1, -2, -2, 3, 3); // x[i] for each column
    }
  }

  @Test
  void listFormMatchesTheArrayForm() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      Tensor loss = Ops.reduceSum(Ops.multiply(X, X));
      List<Tensor> g = tape.gradient(loss, List.of(X));
      assertThat(g).hasSize(1);
      assertThat(g.getFirst().toFloatArray()).containsExactly(2, -4, 6);
    }
  }

  @Test
  void unconnectedSourceGetsZeros() {
    Tensor unused = Tensor.ones(2, 2);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X, unused);
      Tensor loss = Ops.reduceSum(X);
      Tensor g = tape.gradient(loss, unused)[0];
      assertThat(g.shape()).containsExactly(2, 2);
      assertThat(g.toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void unwatchedSourceGetsZerosEvenWhereItIsUsed() {
    Tensor w = Tensor.of(new float[] {2, 2, 2}, 3);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(w);
      Tensor loss = Ops.reduceSum(Ops.multiply(X, w));
      Tensor[] g = tape.gradient(loss, X, w);
      assertThat(g[0].toFloatArray()).containsOnly(0f);
      assertThat(g[1].toFloatArray()).containsExactly(1, -2, 3);
    }
  }

  @Test
  void watchedTargetIsItsOwnGradientOfOnes() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      assertThat(tape.gradient(X, X)[0].toFloatArray()).containsExactly(1, 1, 1);
    }
  }

  @Test
  void tensorUsedOnSeveralPathsSumsThem() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      // loss = sum(relu(x)) + sum(x * x) + sum(x): d/dx = [x > 0] + 2x + 1
      Tensor loss = Ops.add(Ops.add(Ops.reduceSum(Ops.relu(X)),
          Ops.reduceSum(Ops.multiply(X, X))), Ops.reduceSum(X));
      assertThat(tape.gradient(loss, X)[0].toFloatArray()).containsExactly(4, -3, 8);
    }
  }

  @Test
  void sourcesAlongOnePassThroughPathEachGetTheWholeGradient() {
    Tensor b = Tensor.of(new float[] {0.5f, 0.5f, 0.5f}, 3);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X, b);
      Tensor y = Ops.add(X, b);
      Tensor loss = Ops.reduceSum(Ops.reshape(y, 3, 1));
      // dLoss/dy is 1 everywhere; add hands that same gradient to both of its inputs.
      for (Tensor g : tape.gradient(loss, X, b, y)) {
        assertThat(g.toFloatArray()).containsExactly(1, 1, 1);
      }
    }
  }

  @Test
  void askingTwiceGivesTheSameAnswerAndLeavesTensorsAlone() {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      Tensor y = Ops.reshape(Ops.add(X, X), 3, 1);
      Tensor loss = Ops.reduceSum(y);
      float[] first = tape.gradient(loss, X)[0].toFloatArray();
      float[] second = tape.gradient(loss, X)[0].toFloatArray();
      assertThat(first).containsExactly(2, 2, 2);
      assertThat(second).containsExactly(first);
      assertThat(X.toFloatArray()).containsExactly(1, -2, 3);
      assertThat(y.toFloatArray()).containsExactly(2, -4, 6);
    }
  }

  @Test
  void opsBeforeTheTapeAreNotRecorded() {
    Tensor before = Ops.relu(X);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      assertThat(tape.gradient(before, X)[0].toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void closingStopsRecordingButKeepsWhatWasRecorded() {
    GradientTape tape = new GradientTape();
    tape.watch(X);
    Tensor inside = Ops.reduceSum(Ops.multiply(X, X));
    tape.close();
    Tensor after = Ops.reduceSum(X);
    assertThat(tape.gradient(inside, X)[0].toFloatArray()).containsExactly(2, -4, 6);
    assertThat(tape.gradient(after, X)[0].toFloatArray()).containsOnly(0f);
  }

  @Test
  void nestedTapesEachSeeWhatTheyWatch() {
    Tensor y = Tensor.of(new float[] {10, 20, 30}, 3);
    try (GradientTape outer = new GradientTape()) {
      outer.watch(X);
      try (GradientTape inner = new GradientTape()) {
        inner.watch(y);
        Tensor z = Ops.reduceSum(Ops.multiply(X, y));
        assertThat(outer.gradient(z, X)[0].toFloatArray()).containsExactly(10, 20, 30);
        assertThat(inner.gradient(z, y)[0].toFloatArray()).containsExactly(1, -2, 3);
        assertThat(inner.gradient(z, X)[0].toFloatArray()).containsOnly(0f);
      }
    }
  }

  @Test
  void recordingIsPerThread() throws Exception {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(X);
      Tensor elsewhere = CompletableFuture.supplyAsync(() -> Ops.reduceSum(X)).get();
      assertThat(tape.gradient(elsewhere, X)[0].toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void variableValueIsTheSameObjectForWatchAndGradient() {
    Variable w = new Variable("w", Tensor.of(new float[] {1, 2, 3}, 3));
    try (GradientTape tape = new GradientTape()) {
      tape.watch(w.value());
      Tensor loss = Ops.reduceSum(Ops.multiply(w.value(), X));
      assertThat(tape.gradient(loss, w.value())[0].toFloatArray()).containsExactly(1, -2, 3);
    }
  }

  @Test
  void onlyOpsOnTrackedTensorsAreRecorded() {
    Tensor images = Tensor.randomUniform(1, 0f, 1f, 2, 6, 6, 1);
    Tensor filter = Tensor.randomUniform(2, -1f, 1f, 3, 3, 1, 4);
    Tape tape = new Tape();
    tape.start();
    try {
      tape.watch(filter);
      Tensor scaled = Ops.multiply(images, Tensor.scalar(2f)); // untracked: not recorded
      Tensor conv = Ops.conv2d(scaled, filter, new int[] {1, 1, 1, 1}, Padding.SAME);
      Ops.reduceMean(Ops.relu(conv));
      assertThat(tape.size()).isEqualTo(3); // conv2d, relu, reduceMean
    } finally {
      tape.stop();
    }
  }
}
