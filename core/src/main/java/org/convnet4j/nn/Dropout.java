package org.convnet4j.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;

/**
 * Dropout with a keep probability, as the tutorial's {@code tf.nn.dropout(fc1, keep_prob)}: while
 * training, keeps each element with probability {@code keepProb} and scales kept ones by {@code 1 /
 * keepProb}; at evaluation, the identity. Any input shape, output of the same shape.
 *
 * <p>The mask of a training pass depends only on the seed drawn at build time and the training step
 * (see {@link #setTrainingStep}), so runs with the same seed repeat exactly, resumed or not.
 */
public final class Dropout extends Layer {

  private final float keepProb;
  private long seed;
  private long step;

  /**
   * Dropout keeping each element with probability {@code keepProb} while training.
   *
   * @param keepProb probability of keeping an element, in {@code (0, 1]}
   */
  public Dropout(float keepProb) {
    if (!(keepProb > 0f && keepProb <= 1f)) {
      throw new IllegalArgumentException(
          "Dropout: keep probability must be in (0, 1], got " + keepProb);
    }
    this.keepProb = keepProb;
  }

  @Override
  public LayerType type() {
    return LayerType.DROPOUT;
  }

  /** The probability of keeping an element while training. */
  public float keepProb() {
    return keepProb;
  }

  @Override
  protected int[] buildFor(int[] inputShape, RandomGenerator random) {
    seed = random.nextLong();
    return inputShape;
  }

  /** Sets the step whose mask the next training pass uses; each training pass then moves on one. */
  @Override
  public void setTrainingStep(long step) {
    this.step = step;
  }

  @Override
  protected Tensor call(Tensor input, boolean training) {
    if (!training || keepProb == 1f) {
      return input;
    }
    return Ops.dropout(input, keepProb, stepSeed(seed, step++));
  }

  // Seeds of consecutive steps must give unrelated masks, so the step goes through a mixing
  // function (Stafford's variant 13, as in SplittableRandom) rather than being added to the seed.
  private static long stepSeed(long seed, long step) {
    long z = seed + (step + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("keep_prob", Float.toString(keepProb));
  }
}
