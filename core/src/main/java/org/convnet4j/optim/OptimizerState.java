package org.convnet4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer remembers between steps, for checkpoints.
 *
 * @param iterations steps applied so far (Adam's {@code t})
 * @param slots per-variable state keyed {@code variable/slot}, for example {@code dense_1/kernel/m}
 */
public record OptimizerState(long iterations, Map<String, float[]> slots) {

  public OptimizerState {
    if (iterations < 0) {
      throw new IllegalArgumentException(
          "optimizer state: iterations must be >= 0, got " + iterations);
    }
    slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
  }
}
