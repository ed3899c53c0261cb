package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

/** The round trip every layer's spec must survive, as checkpoints take it: text, parsed, rebuilt. */
final class SpecRoundTrip {

  private SpecRoundTrip() {}

  /**
   * Asserts that {@code model}'s specs, written as text and parsed back, rebuild a model with the
   * same specs.
   */
  static void assertSpecsRoundTrip(Sequential model) {
    Sequential rebuilt =
        Sequential.fromSpecs(
            model.inputShape(),
            model.seed(),
            model.specs().stream().map(s -> LayerSpec.parse(s.toString())).toList());
    assertThat(rebuilt.specs()).isEqualTo(model.specs());
  }
}
