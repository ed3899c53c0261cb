package org.convnet4j.tensor;

/**
 * The tutorial's parameter arithmetic: how many weights and biases a convolution learns when it
 * shares them across positions, and how many it would need if every output position had its own
 * (a locally connected layer). Example from the tutorial: a 32x32x3 input, 20 filters of 8x8x3,
 * stride 2, padding 1 gives a 14x14x20 output; shared: {@code (8*8*3 + 1) * 20 = 3,860};
 * unshared: {@code (8*8*3 + 1) * 14*14*20 = 756,560}.
 */
public final class ParameterCounts {

  private ParameterCounts() {}

  /** {@code (kh * kw * cin + 1) * cout}: one filter and one bias per output channel. */
  public static long shared(Conv2dGeometry g) {
    return shared(g, true);
  }

  /** {@link #shared(Conv2dGeometry)}, without the {@code + 1} when there is no bias. */
  public static long shared(Conv2dGeometry g, boolean bias) {
    return perFilter(g, bias) * g.cout();
  }

  /** {@code (kh * kw * cin + 1) * oh * ow * cout}: a filter and a bias per output cell. */
  public static long unshared(Conv2dGeometry g) {
    return unshared(g, true);
  }

  /** {@link #unshared(Conv2dGeometry)}, without the {@code + 1} when there is no bias. */
  public static long unshared(Conv2dGeometry g, boolean bias) {
    return perFilter(g, bias) * g.oh() * g.ow() * g.cout();
  }

  private static long perFilter(Conv2dGeometry g, boolean bias) {
    return (long) g.kh() * g.kw() * g.cin() + (bias ? 1 : 0);
  }
}
