package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.ParameterCounts;
import org.junit.jupiter.api.Test;

/** The numbers in the tutorial (../shared/seed/cnn-basics-tutorial.txt), reproduced. */
class TutorialExamplesTest {

  @Test
  void tenByTenByThreeWithSixtyFourFiveByFiveFiltersStride2SameGives5x5x64() {
    Tensor input = Tensor.randomUniform(1, 0f, 1f, 1, 10, 10, 3);
    Tensor weight = Tensor.truncatedNormal(2, 0f, 0.1f, 5, 5, 3, 64);
    Tensor conv = Ops.conv2d(input, weight, new int[] {1, 2, 2, 1}, Padding.SAME);
    assertThat(conv.shape()).containsExactly(1, 5, 5, 64);
    // ceil(10 / 2) = 5
  }

  @Test
  void thirtyTwoByThirtyTwoByThreeWithTwentyEightByEightFiltersStride2Pad1Gives14x14x20() {
    Tensor input = Tensor.randomUniform(1, 0f, 1f, 1, 32, 32, 3);
    Tensor weight = Tensor.truncatedNormal(2, 0f, 0.1f, 8, 8, 3, 20);
    Tensor conv = Ops.conv2d(input, weight, new int[] {1, 2, 2, 1}, Padding.explicit(1));
    // (W - F + 2P) / S + 1 = (32 - 8 + 2) / 2 + 1 = 14
    assertThat(conv.shape()).containsExactly(1, 14, 14, 20);
  }

  @Test
  void sharingNeeds3860ParametersAndNotSharing756560() {
    Conv2dGeometry g = Conv2dGeometry.of(1, 32, 32, 3, 8, 8, 20, 2, 2, Padding.explicit(1));
    assertThat(ParameterCounts.shared(g)).isEqualTo(3_860); // (8*8*3 + 1) * 20
    assertThat(ParameterCounts.unshared(g)).isEqualTo(756_560); // (8*8*3 + 1) * 14*14*20
  }

  @Test
  void locallyConnectedLayerHoldsTheUnsharedCount() {
    Tensor input = Tensor.randomUniform(1, 0f, 1f, 2, 32, 32, 3);
    Tensor kernel = Tensor.zeros(14 * 14, 8 * 8 * 3, 20);
    Tensor bias = Tensor.zeros(14, 14, 20);
    Tensor out =
        Ops.locallyConnected2d(input, kernel, bias, new int[] {1, 2, 2, 1}, Padding.explicit(1));
    assertThat(out.shape()).containsExactly(2, 14, 14, 20);
    assertThat((long) kernel.size() + bias.size()).isEqualTo(756_560);
  }

  @Test
  void convBiasReluMaxPoolSnippetGives3x3x64() {
    Tensor input = Tensor.randomUniform(1, 0f, 1f, 1, 10, 10, 3);
    Tensor weight = Tensor.truncatedNormal(2, 0f, 0.1f, 5, 5, 3, 64);
    Tensor conv = Ops.conv2d(input, weight, new int[] {1, 2, 2, 1}, Padding.SAME);
    conv = Ops.relu(Ops.biasAdd(conv, Tensor.zeros(64)));
    Tensor pooled = Ops.maxPool(conv, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, Padding.SAME);
    assertThat(pooled.shape()).containsExactly(1, 3, 3, 64); // ceil(5 / 2) = 3
  }

  @Test
  void mnistNetworkShapes() {
    // 28x28x1 -> conv 5x5x32 SAME -> pool 14x14x32 -> conv 5x5x64 -> pool 7x7x64 -> 1024 -> 10
    Tensor x = Tensor.randomUniform(1, 0f, 1f, 3, 28, 28, 1);
    int[] one = {1, 1, 1, 1};
    int[] two = {1, 2, 2, 1};
    Tensor c1 = Ops.relu(Ops.conv2d(x, Tensor.truncatedNormal(1, 0f, 0.1f, 5, 5, 1, 32), one,
        Padding.SAME));
    Tensor p1 = Ops.maxPool(c1, two, two, Padding.SAME);
    Tensor c2 = Ops.relu(Ops.conv2d(p1, Tensor.truncatedNormal(2, 0f, 0.1f, 5, 5, 32, 64), one,
        Padding.SAME));
    Tensor p2 = Ops.maxPool(c2, two, two, Padding.SAME);
    assertThat(p2.shape()).containsExactly(3, 7, 7, 64);
    Tensor fc = Ops.relu(Ops.add(
        Ops.matmul(Ops.reshape(p2, -1, 7 * 7 * 64),
            Tensor.truncatedNormal(3, 0f, 0.1f, 3136, 1024)),
        Tensor.zeros(1024)));
    Tensor logits = Ops.add(Ops.matmul(fc, Tensor.truncatedNormal(4, 0f, 0.1f, 1024, 10)),
        Tensor.zeros(10));
    assertThat(logits.shape()).containsExactly(3, 10);
  }
}
