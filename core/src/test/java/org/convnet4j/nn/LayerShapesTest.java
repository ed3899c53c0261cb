package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's output shape and parameter counts, shared and unshared, worked out by hand from the
 * output-size formulas (DESIGN.md) and {@code (kh * kw * cin + 1) * cout}; the forward pass must
 * produce the shape the layer announces.
 */
class LayerShapesTest {

  /**
   * One layer on one input shape.
   *
   * @param description what the case shows
   * @param layer the layer, unbuilt
   * @param input one example's shape
   * @param output the expected output shape
   * @param parameters expected trainable parameters
   * @param withoutSharing expected parameters without weight sharing
   */
  record Case(
      String description,
      Layer layer,
      int[] input,
      int[] output,
      long parameters,
      long withoutSharing) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // The tutorial: (32 - 8 + 2) / 2 + 1 = 14; (8*8*3 + 1) * 20 = 3,860; * 14*14 = 756,560.
        new Case(
            "tutorial Conv2D 20 8x8 stride 2 pad 1 on 32x32x3",
            new Conv2D(20, 8, 2, Padding.explicit(1), Activation.LINEAR),
            new int[] {32, 32, 3},
            new int[] {14, 14, 20},
            3_860,
            756_560),
        new Case(
            "tutorial LocallyConnected2D, the same windows without sharing",
            new LocallyConnected2D(20, 8, 2, Padding.explicit(1), Activation.LINEAR),
            new int[] {32, 32, 3},
            new int[] {14, 14, 20},
            756_560,
            756_560),
        // Tutorial network conv1: SAME keeps 28; (5*5*1 + 1) * 32 = 832; * 28*28 = 652,288.
        new Case(
            "tutorial conv1 5x5x32 SAME on 28x28x1",
            new Conv2D(32, 5, 1, Padding.SAME, Activation.RELU),
            new int[] {28, 28, 1},
            new int[] {28, 28, 32},
            832,
            652_288),
        // conv2: (5*5*32 + 1) * 64 = 51,264; * 14*14 = 10,047,744.
        new Case(
            "tutorial conv2 5x5x64 SAME on 14x14x32",
            new Conv2D(64, 5, 1, Padding.SAME, Activation.RELU),
            new int[] {14, 14, 32},
            new int[] {14, 14, 64},
            51_264,
            10_047_744),
        // The tutorial's 10x10x3 with 64 5x5 filters, stride 2, SAME: ceil(10 / 2) = 5.
        new Case(
            "Conv2D stride 2 SAME on 10x10x3",
            new Conv2D(64, 5, 2, Padding.SAME, Activation.LINEAR),
            new int[] {10, 10, 3},
            new int[] {5, 5, 64},
            4_864,
            121_600),
        // VALID: ceil((7 - 3 + 1) / 2) = 3 rows; ceil((9 - 2 + 1) / 1) = 8 columns.
        new Case(
            "Conv2D VALID with a 3x2 window and strides 2x1",
            new Conv2D(4, new Window(3, 2, 2, 1, Padding.VALID), Activation.LINEAR),
            new int[] {7, 9, 2},
            new int[] {3, 8, 4},
            52,
            1_248),
        // 1x1 convolution: a matrix multiply per pixel, (1*1*16 + 1) * 8 = 136.
        new Case(
            "1x1 Conv2D on 5x5x16",
            new Conv2D(8, 1, 1, Padding.VALID, Activation.RELU),
            new int[] {5, 5, 16},
            new int[] {5, 5, 8},
            136,
            3_400),
        new Case(
            "MaxPool2D 2x2/2 SAME on 28x28x32",
            new MaxPool2D(2, 2, Padding.SAME),
            new int[] {28, 28, 32},
            new int[] {14, 14, 32},
            0,
            0),
        // ceil(7 / 2) = 4 with SAME; the odd padding row goes at the bottom.
        new Case(
            "MaxPool2D 2x2/2 SAME on an odd 7x7x3",
            new MaxPool2D(2, 2, Padding.SAME),
            new int[] {7, 7, 3},
            new int[] {4, 4, 3},
            0,
            0),
        new Case(
            "AvgPool2D 3x3/2 VALID on 7x7x3",
            new AvgPool2D(3, 2, Padding.VALID),
            new int[] {7, 7, 3},
            new int[] {3, 3, 3},
            0,
            0),
        new Case("Flatten 7x7x64", new Flatten(), new int[] {7, 7, 64}, new int[] {3136}, 0, 0),
        // Tutorial dense: 3136 * 1024 + 1024 = 3,212,288; nothing to share.
        new Case(
            "tutorial Dense 1024 on 3136",
            new Dense(1024, Activation.RELU),
            new int[] {3136},
            new int[] {1024},
            3_212_288,
            3_212_288),
        new Case(
            "tutorial Dense 10 on 1024",
            new Dense(10),
            new int[] {1024},
            new int[] {10},
            10_250,
            10_250),
        new Case("ReLU on 3x4x5", new ReLU(), new int[] {3, 4, 5}, new int[] {3, 4, 5}, 0, 0),
        new Case("Dropout on 1024", new Dropout(0.75f), new int[] {1024}, new int[] {1024}, 0, 0),
        new Case("GlobalAveragePooling2D on 7x5x64", new GlobalAveragePooling2D(),
            new int[] {7, 5, 64}, new int[] {64}, 0, 0),
        new Case("GlobalMaxPooling2D on 1x1x3", new GlobalMaxPooling2D(), new int[] {1, 1, 3},
            new int[] {3}, 0, 0),
        new Case("Activation on 3x4x5", new ActivationLayer(Activation.TANH),
            new int[] {3, 4, 5}, new int[] {3, 4, 5}, 0, 0));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void outputShapeAndParameterCountsMatchHandArithmetic(Case c) {
    Sequential model = new Sequential(c.input(), 7, c.layer());

    assertThat(c.layer().outputShape()).containsExactly(c.output());
    assertThat(c.layer().parameterCount()).isEqualTo(c.parameters());
    assertThat(c.layer().parameterCountWithoutSharing()).isEqualTo(c.withoutSharing());
    assertThat(model.parameterCount()).isEqualTo(c.parameters());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void forwardPassProducesTheAnnouncedShape(Case c) {
    Sequential model = new Sequential(c.input(), 7, c.layer());

    Tensor out = model.forward(Tensor.randomUniform(3, 0f, 1f, concat(2, c.input())), true);

    assertThat(out.shape()).containsExactly(concat(2, c.output()));
  }

  private static int[] concat(int n, int[] shape) {
    int[] r = new int[shape.length + 1];
    r[0] = n;
    System.arraycopy(shape, 0, r, 1, shape.length);
    return r;
  }
}
