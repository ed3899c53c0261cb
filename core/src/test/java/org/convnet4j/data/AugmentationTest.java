package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.convnet4j.Tensor;
import org.convnet4j.Threads;
import org.convnet4j.internal.TensorAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentationTest {

  private static float[] arange(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static float[] warp(
      float[] in, int h, int w, double angle, double zoom, double ty, double tx, boolean mirror) {
    float[] out = new float[in.length];
    Augmentation.warp(in, out, 0, h, w, 1, angle, zoom, ty, tx, mirror, null, 0);
    return out;
  }

  // A shift of one pixel right moves every pixel one column right; the first column is new
  // background (0).
  @Test
  void shiftByOnePixelMovesEveryPixelByOne() {
    float[] in = arange(4 * 5);
    float[] out = warp(in, 4, 5, 0, 1, 0, 1, false);
    for (int y = 0; y < 4; y++) {
      assertThat(out[y * 5]).isZero();
      for (int x = 1; x < 5; x++) {
        assertThat(out[y * 5 + x]).isEqualTo(in[y * 5 + x - 1]);
      }
    }
    float[] down = warp(in, 4, 5, 0, 1, 1, 0, false);
    assertThat(down[2 * 5 + 3]).isEqualTo(in[5 + 3]);
  }

  // 90 degrees about the centre of a 3x3 arange [[0,1,2],[3,4,5],[6,7,8]]: out[y][x] =
  // in[2 - x][y], by hand [[6,3,0],[7,4,1],[8,5,2]] (numpy's rot90(a, -1)).
  @Test
  void ninetyDegreesTurnsAnArangeImageAQuarter() {
    float[] out = warp(arange(9), 3, 3, Math.PI / 2, 1, 0, 0, false);
    assertThat(out).containsExactly(new float[] {6, 3, 0, 7, 4, 1, 8, 5, 2}, within(1e-6f));
  }

  @Test
  void flippingTwiceIsTheIdentity() {
    float[] in = arange(5 * 7);
    float[] once = warp(in, 5, 7, 0, 1, 0, 0, true);
    assertThat(once[0]).isEqualTo(in[6]);
    assertThat(warp(once, 5, 7, 0, 1, 0, 0, true)).isEqualTo(in);
  }

  // Zoom 2 about the centre of a 5x5 image: the output's (0, 0) takes the input at (1, 1).
  @Test
  void zoomTwoMagnifiesAboutTheCentre() {
    float[] in = arange(25);
    float[] out = warp(in, 5, 5, 0, 2, 0, 0, false);
    assertThat(out[0]).isCloseTo(in[6], within(1e-6f));
    assertThat(out[12]).isEqualTo(in[12]);
  }

  // Elastic distortion with a zero field (alpha 0) moves nothing.
  @Test
  void elasticWithAlphaZeroIsTheIdentity() {
    float[] in = arange(6 * 6);
    float[] out = new float[in.length];
    Augmentation.warp(in, out, 0, 6, 6, 1, 0, 1, 0, 0, false, new float[3 * 36], 0);
    assertThat(out).isEqualTo(in);
    Batch batch = new Batch(Tensor.of(in, 1, 6, 6, 1), Tensor.ones(1, 1));
    var sameDistribution = new Augmentation(0, 0, 0, 0, 4, false, 0);
    assertThat(sameDistribution.augmenter(1).apply(batch, 3).images().toFloatArray()).isEqualTo(in);
  }

  private static Batch randomBatch(int n, int c) {
    SplittableRandom random = new SplittableRandom(5);
    float[] pixels = new float[n * 28 * 28 * c];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return new Batch(Tensor.of(pixels, n, 28, 28, c), Tensor.ones(n, 1));
  }

  // Each image's draws depend on the seed, the step and its place only: the same bits on 1 and 3
  // threads, other bits at another step, and the output array reused from step to step.
  @ParameterizedTest
  @ValueSource(strings = {"shift=2,rotate=10,scale=0.1", "alpha=34,sigma=4", "flip,crop=4"})
  void sameSeedAndStepGiveTheSameImagesOnAnyThreadCount(String spec) {
    Augmentation a = Augmentation.parse(spec);
    Batch batch = randomBatch(9, 3);
    int before = Threads.get();
    try {
      Threads.set(1);
      Batch one = a.augmenter(7).apply(batch, 11);
      float[] onThread = one.images().toFloatArray();
      Threads.set(3);
      Augmentation.Augmenter augmenter = a.augmenter(7);
      Batch three = augmenter.apply(batch, 11);
      assertThat(three.images().toFloatArray()).isEqualTo(onThread);
      assertThat(onThread).isNotEqualTo(batch.images().toFloatArray());
      Batch next = augmenter.apply(batch, 12);
      assertThat(TensorAccess.data(next.images())).isSameAs(TensorAccess.data(three.images()));
      assertThat(next.images().toFloatArray()).isNotEqualTo(onThread);
    } finally {
      Threads.set(before);
    }
  }

  // Simard's field is uniform in [-1, 1] blurred by a normalised Gaussian, so no displacement
  // exceeds alpha: a one-pixel dot moves by at most alpha = 1.5 pixels, and blur keeps its ink
  // within a 5x5 square around it.
  @Test
  void elasticDisplacementsStayWithinAlpha() {
    float[] dot = new float[28 * 28];
    dot[14 * 28 + 14] = 1;
    Batch batch = new Batch(Tensor.of(dot, 1, 28, 28, 1), Tensor.ones(1, 1));
    for (int step = 0; step < 20; step++) {
      float[] out = Augmentation.parse("alpha=1.5,sigma=2").augmenter(3).apply(batch, step)
          .images().toFloatArray();
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          if (Math.abs(y - 14) > 2 || Math.abs(x - 14) > 2) {
            assertThat(out[y * 28 + x]).isZero();
          }
        }
      }
    }
  }

  @Test
  void textRoundTripsAndErrorsNameTheKey() {
    for (String spec : new String[] {"none", "shift=2.0,rotate=10.0,scale=0.1", "alpha=34.0,sigma=4.0,flip,crop=4"}) {
      assertThat(Augmentation.parse(spec).toString()).isEqualTo(spec);
    }
    assertThatThrownBy(() -> Augmentation.parse("shfit=2"))
        .hasMessageContaining("augment: unknown key [shfit]");
    assertThatThrownBy(() -> Augmentation.parse("rotate=x"))
        .hasMessageContaining("augment: rotate must be a number, got 'x'");
    assertThatThrownBy(() -> Augmentation.parse("scale=1.5"))
        .hasMessageContaining("scale in [0, 1)");
  }
}
