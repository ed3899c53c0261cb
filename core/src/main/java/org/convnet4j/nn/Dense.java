package org.convnet4j.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;
import org.convnet4j.ops.MatrixOps;

/**
 * A fully connected layer: {@code activation(input · kernel + bias)}.
 *
 * <p>Shapes: input {@code [n, in]} (put a {@link Flatten} before it for images), kernel {@code [in,
 * units]}, bias {@code [units]}, output {@code [n, units]}. Parameters: {@code (in + 1) * units}
 * ({@code in * units} without a bias, {@link #withUseBias}), nothing shared.
 */
public final class Dense extends KernelLayer {

  /** A dense layer with {@code units} outputs and no activation. */
  public Dense(int units) {
    this(units, Activation.LINEAR);
  }

  /** A dense layer with {@code units} outputs. */
  public Dense(int units, Activation activation) {
    super("units", units, activation);
  }

  @Override
  public LayerType type() {
    return LayerType.DENSE;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException(
          "%s: expected a flat input [features], got %s; add a Flatten layer before it"
              .formatted(name(), Arrays.toString(inputShape)));
    }
    int in = inputShape[0];
    createWeights(
        random, in, outputCount(), new int[] {in, outputCount()}, new int[] {outputCount()});
    return new int[] {outputCount()};
  }

  @Override
  Tensor outputs(Tensor input, Activation activation) {
    boolean relu = activation == Activation.RELU;
    Tensor z = MatrixOps.matmulBias(input, kernel().value(), biasValue(), relu);
    return relu ? z : activation.apply(z);
  }

  /** {@code in * units}. */
  @Override
  public long multiplyAdds() {
    return (long) inputShape()[0] * outputCount();
  }

  /**
   * Inference of this layer, which has no activation, then of {@code bn}, and of a ReLU after it
   * when {@code relu}, as one product with {@code bn} folded into its kernel and bias ({@link
   * BatchNormalization#fold}) and the ReLU in its epilogue: {@code bn.forward(forward(input,
   * false), false)} (then its ReLU) up to float rounding. Not differentiable with respect to the
   * variables.
   */
  Tensor forwardFolding(Tensor input, BatchNormalization bn, boolean relu) {
    checkInput(input);
    Tensor[] folded = bn.fold(kernel().value(), biasValue());
    return MatrixOps.matmulBias(input, folded[0], folded[1], relu);
  }
}
