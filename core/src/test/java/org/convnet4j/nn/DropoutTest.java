package org.convnet4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

  private static final Tensor ONES = Tensor.ones(4, 1000);

  @Test
  void evaluationIsTheIdentity() {
    Sequential model = new Sequential(new int[] {1000}, 1, new Dropout(0.75f));

    assertThat(model.forward(ONES, false)).isSameAs(ONES);
  }

  @Test
  void trainingKeepsAboutKeepProbAndScalesKeptValuesByItsInverse() {
    Sequential model = new Sequential(new int[] {1000}, 1, new Dropout(0.75f));

    float[] out = model.forward(ONES, true).toFloatArray();

    int kept = 0;
    for (float x : out) {
      assertThat(x).isIn(0f, 1f / 0.75f);
      kept += x == 0f ? 0 : 1;
    }
    // 4,000 Bernoulli(0.75) draws: standard deviation of the fraction is 0.007.
    assertThat(kept / 4000.0).isCloseTo(0.75, within(0.03));
  }

  @Test
  void theMaskDependsOnlyOnTheSeedAndTheTrainingStep() {
    Sequential a = new Sequential(new int[] {1000}, 1, new Dropout(0.5f));
    Sequential b = new Sequential(new int[] {1000}, 1, new Dropout(0.5f));

    a.setTrainingStep(7);
    float[] step7 = a.forward(ONES, true).toFloatArray();
    float[] step8 = a.forward(ONES, true).toFloatArray(); // each pass moves on one step
    b.setTrainingStep(8);
    float[] step8Again = b.forward(ONES, true).toFloatArray();
    b.setTrainingStep(7);
    float[] step7Again = b.forward(ONES, true).toFloatArray();

    assertThat(step7Again).isEqualTo(step7);
    assertThat(step8Again).isEqualTo(step8);
    assertThat(step8).isNotEqualTo(step7);
  }

  @Test
  void keepProbabilityOneKeepsEverythingWhileTraining() {
    Sequential model = new Sequential(new int[] {1000}, 1, new Dropout(1f));

    assertThat(model.forward(ONES, true)).isSameAs(ONES);
  }
}
