package org.convnet4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.ops.Workspace;

/**
 * Layers run one after the other, Keras' {@code Sequential}. Built on construction: each layer gets
 * the previous one's output shape, its name (the one given with {@link Layer#named}, else a default
 * such as {@code conv2d_1}, {@code dense_2}, counted per type) and its own random stream split from
 * {@code seed}, so the same seed gives the same weights.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new int[] {28, 28, 1}, 42,
 *     new Conv2D(32, 5, 1, Padding.SAME, Activation.RELU),
 *     new MaxPool2D(2, 2, Padding.SAME),
 *     new Flatten(),
 *     new Dense(10));
 * Tensor logits = model.forward(images, false);
 * }</pre>
 */
public final class Sequential {

  private final int[] inputShape;
  private final long seed;
  private final List<Layer> layers;
  private final List<Variable> variables;
  private final List<Variable> nonTrainableVariables;
  private final List<Stage> stages;
  private final List<Stage> foldedStages;

  /** Builds the layers for inputs of {@code inputShape} (one example, no batch dimension). */
  public Sequential(int[] inputShape, long seed, Layer... layers) {
    this(inputShape, seed, List.of(layers));
  }

  /**
   * Builds the layers for inputs of {@code inputShape} (one example, no batch dimension).
   *
   * @throws IllegalArgumentException if there are no layers, two layers are given the same name
   *     (checked before any layer is built), or a layer cannot take the shape its predecessor puts out (the
   *     message names the layer)
   */
  public Sequential(int[] inputShape, long seed, List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential: a model needs at least one layer");
    }
    for (int d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "Sequential: input dimensions must be at least 1, got " + Arrays.toString(inputShape));
      }
    }
    this.inputShape = inputShape.clone();
    this.seed = seed;
    this.layers = List.copyOf(layers);
    List<String> names = names(this.layers);
    SplittableRandom random = new SplittableRandom(seed);
    int[] shape = this.inputShape;
    List<Variable> all = new ArrayList<>();
    List<Variable> state = new ArrayList<>();
    for (int i = 0; i < this.layers.size(); i++) {
      Layer layer = this.layers.get(i);
      layer.build(names.get(i), shape, random.split());
      shape = layer.outputShape();
      all.addAll(layer.variables());
      state.addAll(layer.nonTrainableVariables());
    }
    this.variables = List.copyOf(all);
    this.nonTrainableVariables = List.copyOf(state);
    this.stages = plan(this.layers, false);
    this.foldedStages = plan(this.layers, true);
  }

  // Each layer's given name, else its default: the type's prefix and its count among the layers
  // of that type so far, named or not, so naming one layer leaves the others' defaults as they
  // were; a default some layer is given already is skipped, as Keras skips names in use.
  private static List<String> names(List<Layer> layers) {
    Map<String, Integer> given = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      String name = layers.get(i).givenName();
      Integer before = name == null ? null : given.putIfAbsent(name, i + 1);
      if (before != null) {
        throw new IllegalArgumentException(
            "Sequential: layers %d and %d are both named '%s'; layer names must be unique"
                .formatted(before, i + 1, name));
      }
    }
    Map<LayerType, Integer> counts = new EnumMap<>(LayerType.class);
    List<String> names = new ArrayList<>();
    for (Layer layer : layers) {
      int index = counts.merge(layer.type(), 1, Integer::sum);
      String name = layer.givenName();
      while (name == null) {
        String candidate = layer.type().namePrefix() + "_" + index;
        if (given.containsKey(candidate)) {
          index = counts.merge(layer.type(), 1, Integer::sum);
        } else {
          name = candidate;
        }
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Runs every layer on a batch and returns the logits: a softmax the last layer ends in (an
   * {@link ActivationLayer} of {@link Activation#SOFTMAX}, or a {@link Dense} or {@link Conv2D}
   * with that activation) is left out, since the loss, {@code softmaxCrossEntropyWithLogits},
   * applies it, as Keras users who train with {@code from_logits=True} expect. Training, {@code
   * accuracy} and evaluation use these logits whether or not the model ends in a softmax; for
   * probabilities call {@link #probabilities}. A softmax anywhere else is applied as usual.
   *
   * @param input {@code [n, ...inputShape()]}
   * @param training true while training (dropout drops, batch normalization uses the batch's
   *     statistics and updates its moving ones)
   * @return {@code [n, ...outputShape()]}, the logits for a classifier
   */
  public Tensor forward(Tensor input, boolean training) {
    return run(stages, input, training);
  }

  private static Tensor run(List<Stage> stages, Tensor input, boolean training) {
    Tensor x = input;
    for (Stage stage : stages) {
      x = stage.forward(x, training);
    }
    return x;
  }

  /**
   * The stages {@link #forward} runs, in order: each layer on its own, except that a ReLU
   * convolution feeding a max pooling runs as one op, as oneDNN fuses them (its gradient never
   * writes the pooling's input gradient only to read it back), and so does a batch normalization
   * followed by a {@link ReLU} or an activation layer of ReLU (whose gradient is then taken from
   * the normalization's input, not from a tensor of its own). {@link #predict} runs these too,
   * except that it folds each batch normalization after a convolution or dense layer without
   * activation into that layer, with such a ReLU after it in its epilogue, and a max pooling after
   * that ReLU in the convolution's fused pooling.
   */
  public List<Stage> stages() {
    return stages;
  }

  /** The stages {@link #predict} runs, in order, batch normalizations folded as it says. */
  public List<Stage> predictStages() {
    return foldedStages;
  }

  // The layers in stages; foldBatchNormalization (inference only) folds each batch normalization
  // into the convolution or dense layer without activation before it.
  private static List<Stage> plan(List<Layer> layers, boolean foldBatchNormalization) {
    List<Stage> stages = new ArrayList<>();
    int last = layers.size() - 1;
    for (int i = 0; i <= last; i++) {
      Layer layer = layers.get(i);
      Layer next = i < last ? layers.get(i + 1) : null;
      if (layer instanceof Conv2D conv
          && conv.activation() == Activation.RELU
          && next instanceof MaxPool2D) {
        stages.add(new Stage(Stage.Kind.CONV_MAX_POOL, List.of(layer, next)));
        i++;
      } else if (foldBatchNormalization
          && next instanceof BatchNormalization
          && foldsBatchNormalization(layer)) {
        Layer after = i + 2 <= last ? layers.get(i + 2) : null;
        Layer pool = i + 3 <= last ? layers.get(i + 3) : null;
        if (layer instanceof Conv2D && isRelu(after) && pool instanceof MaxPool2D) {
          stages.add(
              new Stage(Stage.Kind.FOLDED_BATCH_NORM, List.of(layer, next, after, pool)));
          i += 3;
        } else if (isRelu(after)) {
          stages.add(new Stage(Stage.Kind.FOLDED_BATCH_NORM, List.of(layer, next, after)));
          i += 2;
        } else {
          stages.add(new Stage(Stage.Kind.FOLDED_BATCH_NORM, List.of(layer, next)));
          i++;
        }
      } else if (layer instanceof BatchNormalization && isRelu(next)) {
        stages.add(new Stage(Stage.Kind.BATCH_NORM_RELU, List.of(layer, next)));
        i++;
      } else {
        stages.add(new Stage(i == last ? Stage.Kind.LAST_LAYER : Stage.Kind.LAYER, List.of(layer)));
      }
    }
    return List.copyOf(stages);
  }

  // A ReLU layer, or an activation layer of ReLU.
  private static boolean isRelu(Layer layer) {
    return layer instanceof ReLU
        || layer instanceof ActivationLayer a && a.activation() == Activation.RELU;
  }

  // A batch normalization folds into a convolution or dense layer without activation (not into a
  // locally connected layer, whose bias differs by position).
  private static boolean foldsBatchNormalization(Layer layer) {
    return (layer instanceof Conv2D || layer instanceof Dense)
        && ((KernelLayer) layer).activation() == Activation.LINEAR;
  }

  /**
   * Class probabilities for a batch, in inference mode: the softmax of {@link #forward}'s logits,
   * so the softmax is applied exactly once whether or not the model ends in one.
   *
   * @param input {@code [n, ...inputShape()]}
   * @return {@code [n, ...outputShape()]}, each row summing to 1
   */
  public Tensor probabilities(Tensor input) {
    return Ops.softmax(forward(input, false));
  }

  /** Whether the last layer ends in a softmax, which {@link #forward} leaves to the loss. */
  public boolean endsInSoftmax() {
    return layers.getLast().appliesSoftmax();
  }

  /**
   * Inference, {@code forward(input, false)}, with every intermediate result taken from {@code
   * workspace}, which keeps those arrays for the next call: repeated inference on batches of one
   * shape allocates only the result (a thousand MNIST images would otherwise allocate about 190
   * MB of activations a batch). One workspace serves one thread at a time. A {@link
   * BatchNormalization} right after a {@link Conv2D} or {@link Dense} without activation is folded
   * into that layer's kernel and bias, which saves a pass over its output: the results equal
   * {@code forward}'s up to float rounding (within 1e-5 relative in the tests), not bit for bit.
   *
   * @param input {@code [n, ...inputShape()]}
   * @param workspace not open; open only during the call
   * @return {@code [n, ...outputShape()]}, the logits as {@link #forward} gives them, a tensor of
   *     its own
   */
  public Tensor predict(Tensor input, Workspace workspace) {
    workspace.open();
    try {
      Tensor output = run(foldedStages, input, false);
      return TensorAccess.wrap(output.toFloatArray(), output.shape());
    } finally {
      workspace.close();
    }
  }

  /**
   * Tells the layers which training step the next {@code forward(x, true)} belongs to, so dropout
   * masks depend on the step alone; see {@link Dropout}.
   */
  public void setTrainingStep(long step) {
    for (Layer layer : layers) {
      layer.setTrainingStep(step);
    }
  }

  /** The layers, built. */
  public List<Layer> layers() {
    return layers;
  }

  /** Every trainable variable, layer by layer, kernel before bias. */
  public List<Variable> variables() {
    return variables;
  }

  /**
   * Every variable that is not trained (batch normalization's moving statistics), layer by layer:
   * optimizers never see them; checkpoints save them.
   */
  public List<Variable> nonTrainableVariables() {
    return nonTrainableVariables;
  }

  /** The shape of one input example, a copy. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The shape of one output example, a copy. */
  public int[] outputShape() {
    return layers.getLast().outputShape();
  }

  /** The seed the layers were built from (initial weights, dropout masks). */
  public long seed() {
    return seed;
  }

  /** The architecture: one spec per layer. */
  public List<LayerSpec> specs() {
    return layers.stream().map(Layer::spec).toList();
  }

  /** Number of parameters, trainable and not (Keras' "Total params"). */
  public long parameterCount() {
    return layers.stream().mapToLong(Layer::parameterCount).sum();
  }

  /** Number of parameters that are not trained (Keras' "Non-trainable params"). */
  public long nonTrainableParameterCount() {
    return layers.stream().mapToLong(Layer::nonTrainableParameterCount).sum();
  }

  /**
   * Number of parameters without weight sharing; see {@link Layer#parameterCountWithoutSharing}.
   */
  public long parameterCountWithoutSharing() {
    return layers.stream().mapToLong(Layer::parameterCountWithoutSharing).sum();
  }

  /** The summary table: each layer's output shape and parameters, shared and not. */
  public ModelSummary summary() {
    return ModelSummary.of(this);
  }

  /**
   * A model of the same architecture as {@code specs}, built from {@code seed}: what a checkpoint
   * stores, before its weights are put back. Each layer keeps its spec's name.
   *
   * @throws IllegalArgumentException if a spec's name is not a usable layer name ({@link
   *     Layer#named}), two are the same, or the specs do not describe a sequential model
   */
  public static Sequential fromSpecs(int[] inputShape, long seed, List<LayerSpec> specs) {
    List<Layer> layers = new ArrayList<>();
    for (LayerSpec spec : specs) {
      layers.add(spec.toLayer());
    }
    Sequential model = new Sequential(inputShape, seed, layers);
    if (!model.specs().equals(specs)) {
      throw new IllegalArgumentException(
          "Sequential: layer specs do not describe a sequential model: " + specs);
    }
    return model;
  }
}
