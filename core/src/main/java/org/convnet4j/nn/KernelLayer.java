package org.convnet4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;

/**
 * A layer with a kernel, a bias and an activation: {@link Dense}, {@link Conv2D} and {@link
 * LocallyConnected2D}. Kernels start from He normal and biases from zeros unless {@link
 * #withInitializers} says otherwise. {@link #withUseBias withUseBias(false)}, Keras' {@code
 * use_bias=False}, leaves the bias out (usual before a batch normalization); its spec then
 * says {@code use_bias=false}, and a spec without that key has a bias, as every spec written
 * before the key existed.
 */
public abstract sealed class KernelLayer extends Layer permits Dense, WindowedKernelLayer {

  private final String outputCountKey;
  private final int outputCount;
  private final Activation activation;
  private Initializer kernelInitializer = Initializer.heNormal();
  private Initializer biasInitializer = Initializer.zeros();
  private boolean useBias = true;
  private Variable kernel;
  private Variable bias;

  /**
   * @param outputCountKey what the output count is called in settings: {@code units} or {@code
   *     filters}
   * @param outputCount output units or channels, at least 1
   */
  KernelLayer(String outputCountKey, int outputCount, Activation activation) {
    if (outputCount < 1) {
      throw new IllegalArgumentException(
          "%s: %s must be at least 1, got %d"
              .formatted(type().displayName(), outputCountKey, outputCount));
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation is missing; use Activation.LINEAR for none");
    }
    this.outputCountKey = outputCountKey;
    this.outputCount = outputCount;
    this.activation = activation;
  }

  /** Output units (dense) or channels (filters). */
  final int outputCount() {
    return outputCount;
  }

  /**
   * Sets how the weights start; call before the layer is built.
   *
   * @return this layer
   */
  public KernelLayer withInitializers(Initializer kernelInitializer, Initializer biasInitializer) {
    if (name() != null) {
      throw new IllegalStateException(name() + ": initializers must be set before building");
    }
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
    return this;
  }

  /** How the kernel starts (He normal unless {@link #withInitializers} said otherwise). */
  public Initializer kernelInitializer() {
    return kernelInitializer;
  }

  /** How the bias starts (zeros unless {@link #withInitializers} said otherwise). */
  public Initializer biasInitializer() {
    return biasInitializer;
  }

  /**
   * Whether the layer adds a bias, Keras' {@code use_bias} (default true); call before the layer
   * is built.
   *
   * @return this layer
   */
  public KernelLayer withUseBias(boolean useBias) {
    if (name() != null) {
      throw new IllegalStateException(name() + ": use_bias must be set before building");
    }
    this.useBias = useBias;
    return this;
  }

  /** Whether the layer adds a bias. */
  public boolean useBias() {
    return useBias;
  }

  /** The activation applied to the output. */
  public Activation activation() {
    return activation;
  }

  /** The kernel (weights), after building. */
  public Variable kernel() {
    requireBuilt();
    return kernel;
  }

  /** The bias, after building; null when the layer has none ({@link #useBias()} false). */
  public Variable bias() {
    requireBuilt();
    return bias;
  }

  /** The bias's value, or null without a bias: what the fused ops take. */
  final Tensor biasValue() {
    return bias == null ? null : bias.value();
  }

  @Override
  public List<Variable> variables() {
    requireBuilt();
    return bias == null ? List.of(kernel) : List.of(kernel, bias);
  }

  /**
   * Creates {@code name/kernel} and, when the layer has a bias, {@code name/bias}; subclasses call
   * it from buildFor.
   */
  final void createWeights(
      RandomGenerator random, int fanIn, int fanOut, int[] kernelShape, int[] biasShape) {
    kernel =
        new Variable(
            name() + "/kernel", kernelInitializer.initialize(random, fanIn, fanOut, kernelShape));
    if (useBias) {
      bias =
          new Variable(
              name() + "/bias", biasInitializer.initialize(random, fanIn, fanOut, biasShape));
    }
  }

  @Override
  protected final Tensor call(Tensor input, boolean training) {
    return outputs(input, activation);
  }

  /**
   * The layer's output under {@code activation} (its own, or {@link Activation#LINEAR} for the
   * logits before its softmax); the input shape is checked already. Subclasses fuse a ReLU into
   * their op where the kernels can.
   */
  abstract Tensor outputs(Tensor input, Activation activation);

  @Override
  final boolean appliesSoftmax() {
    return activation == Activation.SOFTMAX;
  }

  @Override
  final Tensor forwardBeforeSoftmax(Tensor input, boolean training) {
    checkInput(input);
    return outputs(input, appliesSoftmax() ? Activation.LINEAR : activation);
  }

  @Override
  protected final Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(outputCountKey, Integer.toString(outputCount));
    putWindowSettings(s);
    s.put("activation", activation.specName());
    if (!useBias) {
      s.put("use_bias", "false");
    }
    return s;
  }

  /** Adds the window's settings, for layers that slide one. */
  void putWindowSettings(Map<String, String> settings) {}
}
