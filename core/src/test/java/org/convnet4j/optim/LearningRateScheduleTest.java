package org.convnet4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.LongStream;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  private static final double EPS = 1e-12;

  private static double[] rates(LearningRateSchedule s, long... steps) {
    return LongStream.of(steps).mapToDouble(s::learningRate).toArray();
  }

  // Staircase decay, by hand: lr 0.5, rate 0.5 every 2 steps gives 0.5, 0.5, 0.25, 0.25, 0.125.
  @Test
  void staircaseDecayHalvesTheStepEveryTwoSteps() {
    GradientDescent sgd = new GradientDescent(0.5f);
    sgd.setSchedule(new LearningRateSchedule.Exponential(0.5f, 0.5, 2));
    assertThat(List.of(0L, 1L, 2L, 3L, 4L).stream().map(sgd::learningRateAt))
        .containsExactly(0.5f, 0.5f, 0.25f, 0.25f, 0.125f);
    assertThat(sgd.learningRate()).isEqualTo(0.5f);
  }

  // The default preset's decay had float(lr * pow(0.75, step / stepsPerEpoch)): same bits.
  @Test
  void exponentialKeepsTheBitsOfTheFormerDecay() {
    LearningRateSchedule s = LearningRateSchedule.parse("exponential:rate=0.75", 1e-3f, 430, 4300);
    for (long step : new long[] {0, 429, 430, 1000, 4299}) {
      assertThat((float) s.learningRate(step))
          .isEqualTo((float) (1e-3f * Math.pow(0.75, step / 430)));
    }
  }

  // w = 0, gradient 1 each step: w = -(0.5 + 0.5 + 0.25) = -1.25 after three steps.
  @Test
  void gradientDescentMovesByTheScheduledStep() {
    GradientDescent sgd = new GradientDescent(0.5f);
    sgd.setSchedule(new LearningRateSchedule.Exponential(0.5, 0.5, 2));
    Variable w = new Variable("w", Tensor.zeros(1));
    for (int step = 0; step < 3; step++) {
      sgd.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
    }
    assertThat(w.value().item()).isEqualTo(-1.25f);
  }

  @Test
  void restoredOptimizerContinuesTheSchedule() {
    Adam first = new Adam(1e-3f);
    first.setSchedule(new LearningRateSchedule.Exponential(1e-3f, 0.75, 3));
    Variable w = new Variable("w", Tensor.ones(2));
    for (int step = 0; step < 4; step++) {
      first.apply(List.of(w), new Tensor[] {Tensor.ones(2)});
    }
    Adam restored = new Adam(1e-3f);
    restored.setSchedule(new LearningRateSchedule.Exponential(1e-3f, 0.75, 3));
    restored.restore(first.state(), List.of(w));
    assertThat(restored.learningRateAt(restored.iterations()))
        .isEqualTo(first.learningRateAt(first.iterations()))
        .isEqualTo((float) (1e-3f * 0.75));
  }

  // Keras' PiecewiseConstantDecay docstring: boundaries [100000, 110000], values [1.0, 0.5, 0.1]
  // give 1.0 for the first 100001 steps, 0.5 for the next 10000, 0.1 after.
  @Test
  void piecewiseFollowsKerasBoundaries() {
    var s = new LearningRateSchedule.Piecewise(new long[] {100000, 110000}, new double[] {1, .5, .1});
    assertThat(rates(s, 0, 100000, 100001, 110000, 110001)).containsExactly(1, 1, .5, .5, .1);
  }

  // 10 steps per epoch, at=2;4: steps 0..19 at the rate, 20..39 a tenth, from 40 a hundredth.
  @Test
  void piecewiseBoundariesInEpochsStartTheNextValueAfterThoseEpochs() {
    var s = LearningRateSchedule.parse("piecewise:at=2;4,factors=1;0.1;0.01", 2, 10, 100);
    assertThat(rates(s, 0, 19, 20, 39, 40, 99)).containsExactly(2, 2, .2, .2, .02, .02);
  }

  // Keras' CosineDecay with warm-up from 0 to 1 over 10 steps, then 100 steps of decay: by hand,
  // step 5 is 0.5, step 10 is 1, step 60 is (1 + cos(pi / 2)) / 2 = 0.5, step 110 and beyond 0;
  // with alpha 0.1, step 60 is 0.9 * 0.5 + 0.1 = 0.55.
  @Test
  void cosineWarmsUpLinearlyThenFollowsHalfACosine() {
    var s = new LearningRateSchedule.Cosine(1, 10, 100, 0);
    assertThat(s.learningRate(0)).isZero();
    assertThat(s.learningRate(5)).isCloseTo(0.5, within(EPS));
    assertThat(s.learningRate(10)).isCloseTo(1, within(EPS));
    assertThat(s.learningRate(60)).isCloseTo(0.5, within(EPS));
    assertThat(s.learningRate(110)).isCloseTo(0, within(EPS));
    assertThat(s.learningRate(500)).isCloseTo(0, within(EPS));
    assertThat(new LearningRateSchedule.Cosine(1, 10, 100, 0.1).learningRate(60))
        .isCloseTo(0.55, within(EPS));
  }

  @Test
  void cosineWithoutWarmUpStartsAtThePeak() {
    var s = LearningRateSchedule.parse("cosine", 0.01, 10, 40);
    assertThat(s.learningRate(0)).isEqualTo(0.01);
    assertThat(s.learningRate(20)).isCloseTo(0.005, within(EPS));
  }

  // PyTorch's OneCycleLR (torch/optim/lr_scheduler.py, get_lr and _annealing_cos), defaults,
  // max_lr 1, total_steps 100: initial_lr = 1 / 25 = 0.04, min_lr = 0.04 / 1e4 = 4e-6; phase one
  // ends at step 0.3 * 100 - 1 = 29, phase two at 99. cos anneal: end + (start - end) / 2 *
  // (cos(pi * pct) + 1). Step 64 is half of phase two: 4e-6 + (1 - 4e-6) / 2 = 0.500002; step 10
  // of phase one: 1 + (0.04 - 1) / 2 * (cos(pi * 10 / 29) + 1). Momentum from 0.95 down to 0.85
  // at step 29, back to 0.95 at 99, 0.9 at step 64.
  @Test
  void oneCycleFollowsPyTorchsFormula() {
    var s = new LearningRateSchedule.OneCycle(1, 100);
    assertThat(s.learningRate(0)).isCloseTo(0.04, within(EPS));
    assertThat(s.learningRate(10))
        .isCloseTo(1 + (0.04 - 1) / 2 * (Math.cos(Math.PI * 10 / 29) + 1), within(EPS));
    assertThat(s.learningRate(29)).isCloseTo(1, within(EPS));
    assertThat(s.learningRate(64)).isCloseTo(0.500002, within(EPS));
    assertThat(s.learningRate(99)).isCloseTo(4e-6, within(EPS));
    assertThat(s.momentum(0)).isCloseTo(0.95, within(EPS));
    assertThat(s.momentum(29)).isCloseTo(0.85, within(EPS));
    assertThat(s.momentum(64)).isCloseTo(0.9, within(EPS));
    assertThat(s.momentum(99)).isCloseTo(0.95, within(EPS));
  }

  // Three phases, total 100: ends at 29 (0.04 -> 1), 58 (1 -> 0.04), 99 (0.04 -> 4e-6).
  @Test
  void oneCycleThreePhasesReturnsToTheInitialRateFirst() {
    var s = new LearningRateSchedule.OneCycle(1, 100, 0.3, 25, 1e4, true, true, 0.85, 0.95);
    assertThat(s.learningRate(29)).isCloseTo(1, within(EPS));
    assertThat(s.learningRate(58)).isCloseTo(0.04, within(EPS));
    assertThat(s.learningRate(99)).isCloseTo(4e-6, within(EPS));
    assertThat(s.momentum(58)).isCloseTo(0.95, within(EPS));
    assertThat(s.momentum(80)).isCloseTo(0.95, within(EPS));
  }

  // With one-cycle, Adam's beta1 is the schedule's momentum: after one step from m = 0 with
  // gradient 1, m = 1 - beta1 = 0.05 (beta1 0.95 at step 0), and the bias-corrected step is
  // lr * sqrt(1 - 0.999) / (1 - 0.95) * 0.05 / (sqrt(0.001) + 1e-7) = lr (up to epsilon).
  @Test
  void oneCycleDrivesAdamsBeta1() {
    Adam adam = new Adam(1f);
    adam.setSchedule(new LearningRateSchedule.OneCycle(1, 100));
    Variable w = new Variable("w", Tensor.zeros(1));
    adam.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
    assertThat(adam.state().slots().get("w/m")[0]).isCloseTo(0.05f, within(1e-7f));
    assertThat(w.value().item()).isCloseTo(-0.04f, within(1e-6f));
  }

  @Test
  void oneCycleWithoutMomentumLeavesTheOptimizersOwn() {
    var s = LearningRateSchedule.parse("one-cycle:momentum=false", 1, 10, 100);
    assertThat(s.momentum(0)).isNaN();
    Momentum sgd = new Momentum(1f);
    sgd.setSchedule(LearningRateSchedule.parse("one-cycle", 1, 10, 100));
    Variable w = new Variable("w", Tensor.zeros(1));
    sgd.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
    sgd.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
    // Accumulator after two steps: momentum(1) * 1 + 1.
    assertThat(sgd.state().slots().get("w/accumulator")[0])
        .isEqualTo((float) LearningRateSchedule.parse("one-cycle", 1, 10, 100).momentum(1) + 1f);
  }

  // Keras' ReduceLROnPlateau (keras/src/callbacks/reduce_lr_on_plateau.py, on_epoch_end),
  // patience 2, factor 0.5, cooldown 1, min delta 0.01, by hand: 0.90 best; 0.905 (not 0.01
  // better: wait 1); 0.91 (wait 2: rate 0.5, cooldown 1); 0.90 (the cooldown ends and resets
  // wait, then, no longer in cooldown, wait 1); 0.90 (wait 2: rate 0.25, cooldown 1); 0.90
  // (cooldown ends, wait 1); 0.95 improves.
  @Test
  void plateauHalvesAfterPatienceAndWaitsOutTheCooldown() {
    var s = new LearningRateSchedule.ReduceOnPlateau(1, 0.5, 2, 0.01, 1, 0);
    double[] accuracies = {0.90, 0.905, 0.91, 0.90, 0.90, 0.90, 0.95};
    double[] expected = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.25};
    for (int e = 0; e < accuracies.length; e++) {
      s.epochEnded(accuracies[e]);
      assertThat(s.learningRate(0)).as("after epoch %d", e + 1).isEqualTo(expected[e]);
    }
  }

  @Test
  void plateauNeverGoesBelowItsMinimum() {
    var s = new LearningRateSchedule.ReduceOnPlateau(1, 0.1, 0, 0, 0, 0.05);
    s.epochEnded(0.5);
    s.epochEnded(0.5);
    assertThat(s.learningRate(0)).isCloseTo(0.1, within(EPS));
    s.epochEnded(0.5);
    assertThat(s.learningRate(0)).isEqualTo(0.05);
  }

  @Test
  void kerasDefaultsForPlateauAndPyTorchDefaultsForOneCycle() {
    assertThat(LearningRateSchedule.parse("one-cycle", 1, 10, 100))
        .isEqualTo(new LearningRateSchedule.OneCycle(1, 100, 0.3, 25, 1e4, false, true, .85, .95));
    var plateau = (LearningRateSchedule.ReduceOnPlateau) LearningRateSchedule.parse("plateau", 1, 1, 20);
    for (int e = 0; e < 10; e++) {
      plateau.epochEnded(0.5);
    }
    assertThat(plateau.learningRate(0)).isEqualTo(1); // 9 epochs without improvement
    plateau.epochEnded(0.5);
    assertThat(plateau.learningRate(0)).isCloseTo(0.1, within(EPS));
  }

  @Test
  void badTextNamesTheProblem() {
    assertThatThrownBy(() -> LearningRateSchedule.parse("linear", 1, 10, 100))
        .hasMessageContaining("schedule: expected constant, exponential");
    assertThatThrownBy(() -> LearningRateSchedule.parse("one-cycle:pc=0.3", 1, 10, 100))
        .hasMessageContaining("schedule one-cycle: unknown option [pc]");
    assertThatThrownBy(() -> LearningRateSchedule.parse("cosine:warmup=x", 1, 10, 100))
        .hasMessageContaining("schedule cosine: warmup must be a number, got 'x'");
    assertThatThrownBy(() -> LearningRateSchedule.parse("piecewise:at=1", 1, 10, 100))
        .hasMessageContaining("schedule piecewise: factors= is required");
    assertThatThrownBy(() -> LearningRateSchedule.parse("piecewise:at=1,factors=1", 1, 10, 100))
        .hasMessageContaining("piecewise: needs one value more than boundaries");
    assertThatThrownBy(() -> LearningRateSchedule.parse("exponential:rate=1.5", 1, 10, 100))
        .hasMessageContaining("exponential: needs a rate in (0, 1]");
  }
}
