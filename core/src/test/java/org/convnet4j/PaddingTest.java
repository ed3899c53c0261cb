package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaddingTest {

  @Test
  void parsesSameValidAndAmounts() {
    assertThat(Padding.parse("SAME")).isSameAs(Padding.SAME);
    assertThat(Padding.parse("same")).isSameAs(Padding.SAME);
    assertThat(Padding.parse(" Valid ")).isSameAs(Padding.VALID);
    assertThat(Padding.parse("1")).isEqualTo(Padding.explicit(1, 1, 1, 1));
    assertThat(Padding.parse("0")).isEqualTo(Padding.explicit(0));
  }

  @Test
  void rejectsAnythingElse() {
    assertThatThrownBy(() -> Padding.parse("FULL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("padding: expected SAME, VALID or a non-negative integer, got 'FULL'");
    assertThatThrownBy(() -> Padding.parse("-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amounts must be zero or more");
    assertThatThrownBy(() -> Padding.explicit(0, 0, -2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("padding: amounts must be zero or more, got top=0 bottom=0 left=-2 right=0");
  }

  @Test
  void printsAsTheUserWouldWriteIt() {
    assertThat(Padding.SAME).hasToString("SAME");
    assertThat(Padding.VALID).hasToString("VALID");
    assertThat(Padding.explicit(2)).hasToString("2");
    assertThat(Padding.explicit(1, 0, 1, 0))
        .hasToString("explicit(top=1, bottom=0, left=1, right=0)");
  }

  @Test
  void explicitUsesItsOwnAmountPerSide() {
    Padding p = Padding.explicit(1, 2, 3, 4);
    assertThat(p.height(5, 3, 1).padBefore()).isEqualTo(1);
    assertThat(p.height(5, 3, 1).padAfter()).isEqualTo(2);
    assertThat(p.width(5, 3, 1).padBefore()).isEqualTo(3);
    assertThat(p.width(5, 3, 1).padAfter()).isEqualTo(4);
    assertThat(p.width(5, 3, 1).out()).isEqualTo(5 - 3 + 3 + 4 + 1);
  }
}
