package org.convnet4j.train.translation;

import org.convnet4j.Padding;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.GlobalAveragePooling2D;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;

/**
 * The four networks the experiment compares, of comparable depth, on a canvas of any size. With
 * widths {@code f1, f2, hidden} (16, 32, 128 by default; the tutorial's are 32, 64, 1024):
 *
 * <ul>
 *   <li>{@link #DENSE}: flatten, dense {@code 2 hidden} relu, dense {@code hidden} relu, dense 10.
 *   <li>{@link #LOCALLY_CONNECTED}: the tutorial's topology without weight sharing: locally
 *       connected 5x5x{@code f1} SAME relu, max pool 2, locally connected 5x5x{@code f2} SAME relu,
 *       max pool 2, flatten, dense {@code hidden} relu, dense 10.
 *   <li>{@link #CONV_DENSE}: the tutorial's network: the same with convolutions.
 *   <li>{@link #CONV_GLOBAL_POOL}: the same convolutions and poolings, a 3x3x{@code 2 f2} SAME relu
 *       convolution, global average pooling, dense 10: no layer is tied to a position.
 * </ul>
 */
public enum TranslationNetwork {
  DENSE("dense", "Dense"),
  LOCALLY_CONNECTED("locally-connected", "Locally connected"),
  CONV_DENSE("conv-dense", "Conv + dense head"),
  CONV_GLOBAL_POOL("conv-global-pool", "Conv + global average pooling");

  private final String cliName;
  private final String displayName;

  TranslationNetwork(String cliName, String displayName) {
    this.cliName = cliName;
    this.displayName = displayName;
  }

  /** The name in options and metrics.json, like {@code conv-global-pool}. */
  public String cliName() {
    return cliName;
  }

  /** The name on the page, like {@code Conv + global average pooling}. */
  public String displayName() {
    return displayName;
  }

  /**
   * The network for digits on {@code canvas}, its weights seeded by {@code seed}.
   *
   * @param widths {@code {f1, f2, hidden}}
   */
  public Sequential build(Canvas canvas, int[] widths, int classes, long seed) {
    int f1 = widths[0];
    int f2 = widths[1];
    int hidden = widths[2];
    Layer[] layers =
        switch (this) {
          case DENSE ->
              new Layer[] {
                new Flatten(),
                new Dense(2 * hidden, Activation.RELU),
                new Dense(hidden, Activation.RELU),
                new Dense(classes)
              };
          case LOCALLY_CONNECTED ->
              new Layer[] {
                new LocallyConnected2D(f1, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new LocallyConnected2D(f2, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Flatten(),
                new Dense(hidden, Activation.RELU),
                new Dense(classes)
              };
          case CONV_DENSE ->
              new Layer[] {
                new Conv2D(f1, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Conv2D(f2, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Flatten(),
                new Dense(hidden, Activation.RELU),
                new Dense(classes)
              };
          case CONV_GLOBAL_POOL ->
              new Layer[] {
                new Conv2D(f1, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Conv2D(f2, 5, 1, Padding.SAME, Activation.RELU),
                new MaxPool2D(2, 2, Padding.SAME),
                new Conv2D(2 * f2, 3, 1, Padding.SAME, Activation.RELU),
                new GlobalAveragePooling2D(),
                new Dense(classes)
              };
        };
    return new Sequential(canvas.inputShape(), seed, layers);
  }

  /** The network named {@code name} ({@link #cliName()}). */
  public static TranslationNetwork parse(String name) {
    return CliNames.parse("network", values(), TranslationNetwork::cliName, name);
  }
}
