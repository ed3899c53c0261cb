package org.convnet4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.junit.jupiter.api.Test;

class RegularisationTest {

  // Keras' weight_decay (and PyTorch's AdamW, w * (1 - lr * wd)): SGD at 0.1, decay 0.5, a zero
  // gradient: the kernel 2 becomes 2 - 2 * 0.5 * 0.1 = 1.9; the bias stays, unless every variable
  // decays.
  @Test
  void decoupledDecayShrinksKernelsByRateTimesDecay() {
    Variable kernel = new Variable("d/kernel", Tensor.of(new float[] {2}, 1));
    Variable bias = new Variable("d/bias", Tensor.of(new float[] {2}, 1));
    GradientDescent sgd = new GradientDescent(0.1f);
    sgd.setWeightDecay(0.5f, false);
    sgd.apply(List.of(kernel, bias), new Tensor[] {Tensor.zeros(1), Tensor.zeros(1)});
    assertThat(kernel.value().item()).isCloseTo(1.9f, within(1e-7f));
    assertThat(bias.value().item()).isEqualTo(2f);

    sgd.setWeightDecay(0.5f, true);
    sgd.apply(List.of(kernel, bias), new Tensor[] {Tensor.zeros(1), Tensor.zeros(1)});
    assertThat(bias.value().item()).isCloseTo(1.9f, within(1e-7f));
  }

  // AdamW, PyTorch's algorithm: with a zero gradient m and v stay 0 and the Adam step is 0, so
  // only the decay moves the weight: 1 * (1 - 1e-2 * 0.01) = 0.9999, by the scheduled rate.
  @Test
  void adamWithDecayIsAdamW() {
    Variable kernel = new Variable("d/kernel", Tensor.ones(1));
    Adam adam = new Adam(1e-2f);
    adam.setWeightDecay(0.01f, false);
    adam.apply(List.of(kernel), new Tensor[] {Tensor.zeros(1)});
    assertThat(kernel.value().item()).isCloseTo(0.9999f, within(1e-7f));
  }

  // Keras' EMA, momentum 0.5, SGD at 1 with gradient 1 from w = 0: w = -1, -2, -3; the average
  // starts as the weights, -1, then 0.5 * -1 + 0.5 * -2 = -1.5, then 0.5 * -1.5 + 0.5 * -3 = -2.25.
  @Test
  void movingAverageStartsAsTheWeightsAndFollowsKerasFormula() {
    Variable w = new Variable("w", Tensor.zeros(1));
    GradientDescent sgd = new GradientDescent(1f);
    sgd.setAverageMomentum(0.5f);
    float[] expected = {-1f, -1.5f, -2.25f};
    for (float average : expected) {
      sgd.apply(List.of(w), new Tensor[] {Tensor.ones(1)});
      assertThat(sgd.state().slots().get("w/ema")[0]).isEqualTo(average);
    }
    sgd.swapAverages(List.of(w));
    assertThat(w.value().item()).isEqualTo(-2.25f);
    sgd.swapAverages(List.of(w));
    assertThat(w.value().item()).isEqualTo(-3f);
    sgd.assignAverages(List.of(w));
    assertThat(w.value().item()).isEqualTo(-2.25f);
  }

  @Test
  void movingAverageIsPartOfTheRestoredState() {
    Variable w = new Variable("w", Tensor.zeros(2));
    Adam first = new Adam(1e-2f);
    first.setAverageMomentum(0.9f);
    for (int i = 0; i < 3; i++) {
      first.apply(List.of(w), new Tensor[] {Tensor.ones(2)});
    }
    Adam restored = new Adam(1e-2f);
    restored.restore(first.state(), List.of(w));
    assertThat(restored.state().slots().get("w/ema")).isEqualTo(first.state().slots().get("w/ema"));
    assertThat(restored.state().slots()).hasSize(3); // m, v, ema
  }
}
