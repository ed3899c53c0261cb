package org.convnet4j.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;

/**
 * An activation as a layer of its own, Keras' {@code Activation} layer (named so here because
 * {@link Activation} is the function): {@code relu}, {@code sigmoid}, {@code tanh}, {@code softmax}
 * or {@code linear}. Any input shape, output of the same shape; a softmax is taken over the last
 * axis. A softmax as a model's last layer is left to the loss; see {@link Sequential#forward}.
 *
 * <p>Spec: {@code Activation activation_1 activation=softmax}.
 */
public final class ActivationLayer extends Layer {

  private final Activation activation;

  /** A layer applying {@code activation}. */
  public ActivationLayer(Activation activation) {
    if (activation == null) {
      throw new IllegalArgumentException("Activation: activation is missing");
    }
    this.activation = activation;
  }

  @Override
  public LayerType type() {
    return LayerType.ACTIVATION;
  }

  /** The function this layer applies. */
  public Activation activation() {
    return activation;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    return inputShape;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    return activation.apply(input);
  }

  @Override
  boolean appliesSoftmax() {
    return activation == Activation.SOFTMAX;
  }

  @Override
  Tensor forwardBeforeSoftmax(Tensor input, boolean training) {
    checkInput(input);
    return activation == Activation.SOFTMAX ? input : call(input, training);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("activation", activation.specName());
  }
}
