package org.convnet4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;

/** Filter layouts against the index arithmetic written out for each axis order. */
class LayoutsTest {

  private static final int KH = 2;
  private static final int KW = 3;
  private static final int CIN = 4;
  private static final int COUT = 5;

  @Test
  void hwioToOihwPutsEachWeightWhereTheIndicesSay() {
    float[] hwio = counting(KH * KW * CIN * COUT);

    float[] oihw = Layouts.hwioToOihw(Tensor.of(hwio, KH, KW, CIN, COUT));

    for (int y = 0; y < KH; y++) {
      for (int x = 0; x < KW; x++) {
        for (int i = 0; i < CIN; i++) {
          for (int o = 0; o < COUT; o++) {
            assertThat(oihw[((o * CIN + i) * KH + y) * KW + x])
                .isEqualTo(hwio[((y * KW + x) * CIN + i) * COUT + o]);
          }
        }
      }
    }
  }

  @Test
  void oihwToHwioUndoesIt() {
    float[] hwio = counting(KH * KW * CIN * COUT);

    float[] oihw = Layouts.hwioToOihw(Tensor.of(hwio, KH, KW, CIN, COUT));

    assertThat(Layouts.oihwToHwio(oihw, COUT, CIN, KH, KW)).containsExactly(hwio);
  }

  private static float[] counting(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }
}
