package org.convnet4j;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares the tape's gradients with central finite differences (tinygrad's {@code gradcheck}).
 * The op's output {@code y} is reduced to the scalar {@code L = sum(y * r)} with fixed random
 * weights {@code r}, so every output element carries a different weight; {@code dL/dx[k]} is then
 * estimated as {@code (L(x + h e_k) - L(x - h e_k)) / 2h}, with {@code L} summed in double
 * precision. The ops compute in float, so the step is not tiny and the tolerance is
 * {@code |analytic - numeric| <= ABS + REL * max(|analytic|, |numeric|)}.
 */
final class GradientChecker {

  static final double STEP = 1e-2;
  static final double ABS = 5e-3;
  static final double REL = 1e-2;

  private GradientChecker() {}

  /** Checks the gradient of {@code f} with respect to every one of {@code inputs}. */
  static void check(String label, Function<Tensor[], Tensor> f, Tensor... inputs) {
    Tensor weights = Tensor.randomUniform(7, -1f, 1f, f.apply(inputs).shape());
    compare(label, analytic(f, weights, inputs), numeric(f, weights, inputs));
  }

  /** The tape's gradients of {@code sum(f(inputs) * weights)}, one per input. */
  static float[][] analytic(Function<Tensor[], Tensor> f, Tensor weights, Tensor... inputs) {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(inputs);
      Tensor loss = Ops.reduceSum(Ops.multiply(f.apply(inputs), weights));
      return Arrays.stream(tape.gradient(loss, inputs))
          .map(Tensor::toFloatArray)
          .toArray(float[][]::new);
    }
  }

  /** Central differences of {@code sum(f(inputs) * weights)}, one array per input. */
  static double[][] numeric(Function<Tensor[], Tensor> f, Tensor weights, Tensor... inputs) {
    float[] r = weights.toFloatArray();
    double[][] grads = new double[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      float[] x = inputs[i].toFloatArray();
      grads[i] = new double[x.length];
      for (int k = 0; k < x.length; k++) {
        float original = x[k];
        float plus = (float) (original + STEP);
        float minus = (float) (original - STEP);
        double lossPlus = loss(f, inputs, i, x, k, plus, r);
        double lossMinus = loss(f, inputs, i, x, k, minus, r);
        grads[i][k] = (lossPlus - lossMinus) / ((double) plus - minus);
        x[k] = original;
      }
    }
    return grads;
  }

  private static double loss(
      Function<Tensor[], Tensor> f, Tensor[] inputs, int i, float[] x, int k, float value,
      float[] r) {
    x[k] = value;
    Tensor[] args = inputs.clone();
    args[i] = Tensor.of(x, inputs[i].shape());
    float[] y = f.apply(args).toFloatArray();
    double sum = 0;
    for (int j = 0; j < y.length; j++) {
      sum += (double) y[j] * r[j];
    }
    return sum;
  }

  /** Fails, naming the input and element, where the two disagree beyond the tolerance. */
  static void compare(String label, float[][] analytic, double[][] numeric) {
    for (int i = 0; i < analytic.length; i++) {
      if (analytic[i].length != numeric[i].length) {
        throw new AssertionError("%s: input %d: gradient has %d elements, expected %d"
            .formatted(label, i, analytic[i].length, numeric[i].length));
      }
      for (int k = 0; k < analytic[i].length; k++) {
        double a = analytic[i][k];
        double n = numeric[i][k];
        if (!(Math.abs(a - n) <= ABS + REL * Math.max(Math.abs(a), Math.abs(n)))) {
          throw new AssertionError(
              "%s: input %d, element %d: tape says %.6f, finite differences %.6f"
              .formatted(label, i, k, a, n));
        }
      }
    }
  }
}
