package org.convnet4j.train.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegimeTest {

  private final Canvas canvas = new Canvas(40);

  @Test
  void regionsOnFortyByForty() {
    assertThat(Regime.CENTRED.region(canvas)).containsExactly(6, 6, 6, 6);
    // digit centre left + 14 at most 19, left of the middle column 20
    assertThat(Regime.LEFT_HALF.region(canvas)).containsExactly(0, 12, 0, 5);
    assertThat(Regime.ANYWHERE.region(canvas)).containsExactly(0, 12, 0, 12);
  }

  @Test
  void distanceIsEuclideanToTheNearestTrainedOffset() {
    assertThat(Regime.CENTRED.distance(canvas, 6, 6)).isZero();
    assertThat(Regime.CENTRED.distance(canvas, 0, 0)).isCloseTo(Math.sqrt(72), within(1e-12));
    assertThat(Regime.CENTRED.distance(canvas, 9, 2)).isEqualTo(5); // 3-4-5
    assertThat(Regime.LEFT_HALF.distance(canvas, 0, 12)).isEqualTo(7);
    assertThat(Regime.LEFT_HALF.distance(canvas, 12, 3)).isZero();
    assertThat(Regime.ANYWHERE.distance(canvas, 12, 12)).isZero();
  }

  @Test
  void samplesStayInTheRegionAndReachItsCorners() {
    for (Regime regime : Regime.values()) {
      int[] r = regime.region(canvas);
      SplittableRandom random = new SplittableRandom(7);
      int[] seen = {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
      for (int i = 0; i < 2_000; i++) {
        int[] offset = regime.sample(canvas, random);
        assertThat(regime.distance(canvas, offset[0], offset[1])).isZero();
        seen[0] = Math.min(seen[0], offset[0]);
        seen[1] = Math.max(seen[1], offset[0]);
        seen[2] = Math.min(seen[2], offset[1]);
        seen[3] = Math.max(seen[3], offset[1]);
      }
      assertThat(seen).as(regime.cliName()).containsExactly(r);
    }
  }

  @Test
  void regimesAndNetworksParseByTheirOptionNamesAndAnUnknownOneListsThemAll() {
    for (Regime regime : Regime.values()) {
      assertThat(Regime.parse(regime.cliName())).isSameAs(regime);
    }
    for (TranslationNetwork network : TranslationNetwork.values()) {
      assertThat(TranslationNetwork.parse(network.cliName())).isSameAs(network);
    }
    assertThatThrownBy(() -> Regime.parse("middle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regime: expected centred, left-half or anywhere, got 'middle'");
    assertThatThrownBy(() -> TranslationNetwork.parse("resnet"))
        .hasMessage(
            "network: expected dense, locally-connected, conv-dense or conv-global-pool, got"
                + " 'resnet'");
  }
}
