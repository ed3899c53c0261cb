package org.convnet4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.convnet4j.Padding;
import org.convnet4j.tensor.Conv2dGeometry;
import org.junit.jupiter.api.Test;

/**
 * The meaning of the fused kernels, {@link Kernels#conv2dBiasRelu} and {@link
 * Kernels#matmulBiasRelu}, on the reference kernels (the interface's default methods), worked out
 * by hand. The fast kernels are held to these by the fast-versus-reference tests.
 */
class FusedBiasReluTest {

  private static final Kernels REFERENCE = new ReferenceKernels();

  // One pixel, two input channels, two filters of 1x1: filter[0, 0, ci, co].
  private static final Conv2dGeometry ONE_PIXEL =
      Conv2dGeometry.of(1, 1, 1, 2, 1, 1, 2, 1, 1, Padding.VALID);
  private static final float[] INPUT = {1f, -2f};
  private static final float[] FILTER = {3f, 1f, 1f, 2f};

  @Test
  void conv2dBiasAddsTheBiasPerOutputChannel() {
    // conv: channel 0 = 1*3 + (-2)*1 = 1, channel 1 = 1*1 + (-2)*2 = -3; bias (-3, 1).
    float[] out = new float[2];
    REFERENCE.conv2dBiasRelu(INPUT, FILTER, new float[] {-3f, 1f}, false, out, ONE_PIXEL);
    assertThat(out).containsExactly(-2f, -2f);
  }

  @Test
  void conv2dBiasReluClampsAfterTheBias() {
    // conv (1, -3) + bias (2, 4) = (3, 1): a negative sum made positive by the bias survives.
    float[] out = new float[2];
    REFERENCE.conv2dBiasRelu(INPUT, FILTER, new float[] {2f, 4f}, true, out, ONE_PIXEL);
    assertThat(out).containsExactly(3f, 1f);
  }

  @Test
  void conv2dWithNullBiasAndReluIsConvThenRelu() {
    float[] out = new float[2];
    REFERENCE.conv2dBiasRelu(INPUT, FILTER, null, true, out, ONE_PIXEL);
    assertThat(out).containsExactly(1f, 0f);
  }

  @Test
  void matmulBiasReluAddsTheBiasPerColumnThenClamps() {
    // [1 2; 3 4] · [1 -1; 1 -1] = [3 -3; 7 -7]; bias (-5, 4): [-2 1; 2 -3]; ReLU: [0 1; 2 0].
    float[] c = new float[4];
    REFERENCE.matmulBiasRelu(
        new float[] {1f, 2f, 3f, 4f},
        false,
        new float[] {1f, -1f, 1f, -1f},
        false,
        new float[] {-5f, 4f},
        true,
        c,
        2,
        2,
        2);
    assertThat(c).containsExactly(0f, 1f, 2f, 0f);
  }
}
