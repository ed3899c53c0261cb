package org.convnet4j.nn;

import java.util.List;
import java.util.stream.Collectors;
import org.convnet4j.Tensor;

/**
 * One step of a {@link Sequential} model's forward pass as it runs: a layer, or consecutive layers
 * that run as one op. {@link Sequential#stages()} lists them; a profiler times them one by one
 * ({@code convnet4j bench}'s per-layer table), and the model runs exactly these.
 *
 * <p>Shapes: input {@code [n, ...inputShape()]} (the first layer's), output {@code [n,
 * ...outputShape()]} (the last layer's).
 */
public final class Stage {

  /** How the layers run. */
  enum Kind {
    /** One layer, {@link Layer#forward}. */
    LAYER,
    /** The model's last layer, without the softmax it may end in ({@link Sequential#forward}). */
    LAST_LAYER,
    /** A ReLU convolution and the max pooling after it as one op ({@code forwardThenMaxPool}). */
    CONV_MAX_POOL,
    /** A batch normalization and the ReLU after it as one op ({@code forwardThenRelu}). */
    BATCH_NORM_RELU,
    /**
     * In inference, a convolution or dense layer without activation with the batch normalization
     * after it folded into its kernel and bias, and the ReLU after that, if any, in its epilogue.
     */
    FOLDED_BATCH_NORM
  }

  private final Kind kind;
  private final List<Layer> layers;

  Stage(Kind kind, List<Layer> layers) {
    this.kind = kind;
    this.layers = List.copyOf(layers);
  }

  /** The layers this stage runs, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The layers' names joined by {@code +}: {@code conv2d_1+max_pooling2d_1}. */
  public String name() {
    return layers.stream().map(Layer::name).collect(Collectors.joining("+"));
  }

  /** The shape of one input example, a copy. */
  public int[] inputShape() {
    return layers.getFirst().inputShape();
  }

  /** The shape of one output example, a copy. */
  public int[] outputShape() {
    return layers.getLast().outputShape();
  }

  /**
   * Multiply-adds of the forward pass per example, the sum of the layers' {@link
   * Layer#multiplyAdds()}.
   */
  public long multiplyAdds() {
    return layers.stream().mapToLong(Layer::multiplyAdds).sum();
  }

  /**
   * Runs the stage on a batch, as the model does.
   *
   * @param input {@code [n, ...inputShape()]}
   * @param training as in {@link Sequential#forward}
   * @return {@code [n, ...outputShape()]}
   */
  public Tensor forward(Tensor input, boolean training) {
    Layer first = layers.getFirst();
    return switch (kind) {
      case LAYER -> first.forward(input, training);
      case LAST_LAYER -> first.forwardBeforeSoftmax(input, training);
      case CONV_MAX_POOL -> ((Conv2D) first).forwardThenMaxPool(input, (MaxPool2D) layers.get(1));
      case BATCH_NORM_RELU -> ((BatchNormalization) first).forwardThenRelu(input, training);
      case FOLDED_BATCH_NORM -> {
        BatchNormalization bn = (BatchNormalization) layers.get(1);
        boolean relu = layers.size() == 3;
        yield first instanceof Conv2D conv
            ? conv.forwardFolding(input, bn, relu)
            : ((Dense) first).forwardFolding(input, bn, relu);
      }
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
