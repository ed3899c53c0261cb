package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Fetches real Fashion-MNIST by the real route, Debian's {@code dataset-fashion-mnist} (installed,
 * or downloaded with apt-get and unpacked), into the default cache (unless it is there already),
 * and checks what TensorFlow's {@code read_data_sets} gives.
 */
class FashionMnistFetchIT {

  @Test
  void realFashionMnistIsFetchedVerifiedAndSplitLikeTensorFlow() throws IOException {
    DataSets fashion = RealDataChecks.fetchedAndVerified(Dataset.FASHION_MNIST);

    // TensorFlow's "Basic classification" tutorial: the first training image and the first test
    // image are both ankle boots, class 9
    assertThat(fashion.validation().labelOf(0)).isEqualTo(9);
    assertThat(fashion.test().labelOf(0)).isEqualTo(9);
    assertThat(fashion.classNames().get(9)).isEqualTo("Ankle boot");
  }
}
