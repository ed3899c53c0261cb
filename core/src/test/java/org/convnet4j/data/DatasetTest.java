package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void commandLineNamesParseIgnoringCase() {
    assertThat(Dataset.parse("mnist")).isEqualTo(Dataset.MNIST);
    assertThat(Dataset.parse("Fashion-MNIST")).isEqualTo(Dataset.FASHION_MNIST);
    assertThat(Dataset.FASHION_MNIST.cliName()).isEqualTo("fashion-mnist");
  }

  @Test
  void unknownNameIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> Dataset.parse("cifar10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown dataset 'cifar10': expected one of mnist, fashion-mnist");
  }

  @Test
  void classNamesAreTheDigitsAndZalandosTenArticles() {
    assertThat(Dataset.MNIST.classNames()).hasSize(10).startsWith("0", "1").endsWith("9");
    // Fashion-MNIST README, "Labels" table: label, description
    assertThat(Dataset.FASHION_MNIST.classNames()).hasSize(10);
    assertThat(Dataset.FASHION_MNIST.classNames().get(0)).isEqualTo("T-shirt/top");
    assertThat(Dataset.FASHION_MNIST.classNames().get(5)).isEqualTo("Sandal");
    assertThat(Dataset.FASHION_MNIST.classNames().get(6)).isEqualTo("Shirt");
    assertThat(Dataset.FASHION_MNIST.classNames().get(9)).isEqualTo("Ankle boot");
  }

  @Test
  void everyFileHasASha256OfSixtyFourHexDigits() {
    for (Dataset d : Dataset.values()) {
      assertThat(d.files()).hasSize(4);
      assertThat(d.files()).allSatisfy(f -> assertThat(f.sha256()).matches("[0-9a-f]{64}"));
    }
  }
}
