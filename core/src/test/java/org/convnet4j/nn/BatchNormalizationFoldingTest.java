package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.ops.Workspace;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential#predict} folds a batch normalization into the convolution or dense layer
 * before it; its results must stay those of {@code forward(x, false)}, layer by layer, within 1e-5
 * relative to the largest output.
 */
class BatchNormalizationFoldingTest {

  @Test
  void predictWithFoldedBatchNormalizationMatchesTheLayerByLayerInference() {
    Sequential model =
        new Sequential(
            new int[] {9, 8, 3},
            5,
            new Conv2D(16, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization(),
            new ReLU(),
            new MaxPool2D(2, 1, Padding.SAME),
            new Conv2D(8, 3, 2, Padding.VALID, Activation.LINEAR),
            new BatchNormalization(-1, 0.9, 1e-5, false, true),
            new ActivationLayer(Activation.RELU),
            new Flatten(),
            new Dense(12),
            new BatchNormalization(-1, 0.99, 1e-3, true, false),
            new Dense(4),
            new BatchNormalization());
    // Statistics and scales far from their initial zeros and ones, as after training.
    long seed = 70;
    for (Layer layer : model.layers()) {
      if (layer instanceof BatchNormalization bn) {
        randomize(bn.movingMean(), seed++, -1f, 1f);
        randomize(bn.movingVariance(), seed++, 0.2f, 3f);
        for (Variable v : bn.variables()) {
          randomize(v, seed++, 0.5f, 1.5f);
        }
      }
    }
    Tensor images = Tensor.randomUniform(80, -1f, 1f, 6, 9, 8, 3);
    // Every normalization folds, with the ReLUs; the pooling goes into the first convolution's.
    assertThat(model.predictStages())
        .extracting(Stage::name)
        .containsExactly(
            "conv2d_1+batch_normalization_1+relu_1+max_pool2d_1",
            "conv2d_2+batch_normalization_2+activation_1", "flatten_1",
            "dense_1+batch_normalization_3", "dense_2+batch_normalization_4");

    float[] expected = model.forward(images, false).toFloatArray();
    float[] folded = model.predict(images, new Workspace()).toFloatArray();

    float largest = 0;
    for (float v : expected) {
      largest = Math.max(largest, Math.abs(v));
    }
    assertThat(folded).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(folded[i] - expected[i])).as("output %d", i)
          .isLessThanOrEqualTo(1e-5f * largest);
    }
    // Folding changed the rounding, so the two paths really differ.
    assertThat(folded).isNotEqualTo(expected);
  }

  private static void randomize(Variable v, long seed, float from, float to) {
    v.assign(Tensor.randomUniform(seed, from, to, v.shape()));
  }
}
