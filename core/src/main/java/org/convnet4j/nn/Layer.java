package org.convnet4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;

/**
 * One step of a {@link Sequential} model. A layer is first configured (its constructor), then built
 * once for an input shape, which fixes its output shape and creates its weights; after that {@link
 * #forward} runs it on batches.
 *
 * <p>Shapes given to and reported by a layer leave out the batch dimension: an MNIST image is
 * {@code [28, 28, 1]}; {@link #forward} takes and returns whole batches, {@code [n, ...shape]}.
 */
public abstract class Layer {

  private String givenName;
  private String name;
  private int[] inputShape;
  private int[] outputShape;

  /** What kind of layer this is. */
  public abstract LayerType type();

  /**
   * Fixes the input shape, creates the weights and works out the output shape.
   *
   * @param name unique within the model; variables are named {@code name/kernel} and so on
   * @param inputShape the shape of one example, without the batch dimension
   * @param random the only source of randomness for the initial weights
   * @throws IllegalArgumentException if the layer cannot take inputs of this shape
   * @throws IllegalStateException if the layer is built already
   */
  public final void build(String name, int[] inputShape, RandomGenerator random) {
    if (this.name != null) {
      throw new IllegalStateException(
          "%s: layer is built already; a layer belongs to one model".formatted(this.name));
    }
    this.name = name;
    this.inputShape = inputShape.clone();
    this.outputShape = buildFor(inputShape.clone(), random);
  }

  /**
   * Gives the layer a name of its own, as Keras' {@code name=} does: the model uses it instead of
   * the default ({@code conv2d_1}, {@code dense_2}, ...) in its variables ({@code name/kernel}),
   * checkpoints, summaries, model files and ONNX exports. Call it before adding the layer to a
   * model, after its other settings ({@code new Conv2D(...).withUseBias(false).named("conv")}).
   *
   * @param name one or more letters, digits, {@code _}, {@code -} or {@code .}, unique within the
   *     model (the characters checkpoints, model files and ONNX names all take as they are)
   * @return this layer
   * @throws IllegalArgumentException if the name has other characters or is empty
   * @throws IllegalStateException if the layer is built already
   */
  public Layer named(String name) {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(type().displayName() + ": " + problem);
    }
    if (this.name != null) {
      throw new IllegalStateException(
          "%s: layer is built already; name it before adding it to a model".formatted(this.name));
    }
    givenName = name;
    return this;
  }

  /**
   * What makes {@code name} unusable as a layer name ({@link #named} says which are usable), in a
   * few words for a one-line message, or {@code null} if it is usable.
   */
  public static String nameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "a layer name must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        // Spaces would split a checkpoint's layer spec; '/' separates a variable's layer from
        // its kind (conv/kernel) in checkpoints, optimizer slots and ONNX initializers.
        return "layer name '%s' has '%s'; use letters, digits, '_', '-' and '.' only"
            .formatted(shortened(name), Character.toString(name.codePointAt(i)));
      }
    }
    return null;
  }

  private static String shortened(String name) {
    String oneLine = name.replaceAll("\\s", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  /** The name given with {@link #named}, or {@code null} for the model's default name. */
  public String givenName() {
    return givenName;
  }

  /**
   * Checks {@code inputShape}, creates the layer's variables and returns the output shape. Called
   * once, after {@link #name()} is set.
   */
  protected abstract int[] buildFor(int[] inputShape, RandomGenerator random);

  /**
   * Runs the layer on a batch.
   *
   * @param input {@code [n, ...inputShape()]}
   * @param training true while training (dropout drops), false for evaluation (it does not)
   * @return {@code [n, ...outputShape()]}
   * @throws IllegalArgumentException if the input does not have the built input shape
   */
  public final Tensor forward(Tensor input, boolean training) {
    checkInput(input);
    return call(input, training);
  }

  /**
   * Throws unless the layer is built and {@code input} has its built input shape, as {@link
   * #forward} does.
   */
  final void checkInput(Tensor input) {
    requireBuilt();
    int[] shape = input.shape();
    if (shape.length != inputShape.length + 1
        || !Arrays.equals(shape, 1, shape.length, inputShape, 0, inputShape.length)) {
      throw new IllegalArgumentException(
          "%s: expected input [n, %s], got %s"
              .formatted(name, Shapes.format(inputShape, ", "), Arrays.toString(shape)));
    }
  }

  /** Whether the layer ends in a softmax, which a model's last layer leaves to the loss. */
  boolean appliesSoftmax() {
    return false;
  }

  /**
   * {@link #forward}, but without the softmax the layer ends in when {@link #appliesSoftmax()}:
   * the logits that softmax would turn into probabilities.
   */
  Tensor forwardBeforeSoftmax(Tensor input, boolean training) {
    return forward(input, training);
  }

  /** The layer's computation; the input shape is checked already. */
  protected abstract Tensor call(Tensor input, boolean training);

  /**
   * Tells a layer with randomness in training (dropout) which training step comes next, so its
   * random draws depend on the step alone and a resumed run repeats an uninterrupted one. Layers
   * without randomness ignore it.
   */
  public void setTrainingStep(long step) {}

  /**
   * The name given at build time ({@code null} before): the one from {@link #named}, else the
   * model's default.
   */
  public String name() {
    return name;
  }

  /** The shape of one input example, a copy. */
  public int[] inputShape() {
    requireBuilt();
    return inputShape.clone();
  }

  /** The shape of one output example, a copy. */
  public int[] outputShape() {
    requireBuilt();
    return outputShape.clone();
  }

  /** The trainable variables, in a fixed order (kernel before bias). */
  public List<Variable> variables() {
    return List.of();
  }

  /**
   * The layer's state that is not trained, in a fixed order: a batch normalization's moving mean
   * and variance. Optimizers never see it; checkpoints save and restore it.
   */
  public List<Variable> nonTrainableVariables() {
    return List.of();
  }

  /**
   * Number of parameters, trainable and not, as Keras counts a layer's parameters (its {@code
   * Param #}).
   */
  public long parameterCount() {
    requireBuilt();
    return size(variables()) + nonTrainableParameterCount();
  }

  /** Number of parameters that are not trained: the elements of {@link #nonTrainableVariables}. */
  public long nonTrainableParameterCount() {
    requireBuilt();
    return size(nonTrainableVariables());
  }

  private static long size(List<Variable> variables) {
    long count = 0;
    for (Variable v : variables) {
      count += v.size();
    }
    return count;
  }

  /**
   * Number of parameters the layer would need if nothing were shared between output positions (the
   * tutorial's contrast): larger than {@link #parameterCount()} for a convolution, equal for every
   * other layer.
   */
  public long parameterCountWithoutSharing() {
    return parameterCount();
  }

  /**
   * Multiply-adds of the forward pass for one example, what a convolution's or a product's GFLOP/s
   * count (two operations each); 0 for layers that only move, pool, scale or select values.
   */
  public long multiplyAdds() {
    return 0;
  }

  /** The layer's settings, enough to rebuild it with {@link LayerSpec#toLayer()}. */
  public final LayerSpec spec() {
    requireBuilt();
    return new LayerSpec(type(), name, settings());
  }

  /** The settings of {@link #spec()}, in a fixed order; keys and values without spaces. */
  protected abstract Map<String, String> settings();

  /** Throws {@link IllegalStateException} unless the layer is built. */
  protected final void requireBuilt() {
    if (name == null) {
      throw new IllegalStateException(
          type().displayName() + ": layer is not built yet; add it to a Sequential model");
    }
  }

  /** The spec's text; an unbuilt layer shows {@code unbuilt} where its name will be. */
  @Override
  public String toString() {
    String shown = name != null ? name : givenName != null ? givenName : "unbuilt";
    return new LayerSpec(type(), shown, settings()).toString();
  }
}
