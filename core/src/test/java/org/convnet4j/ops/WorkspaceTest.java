package org.convnet4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.convnet4j.internal.TensorAccess.data;

import java.util.Arrays;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which arrays a workspace hands out, when it takes them back, and what the ops get from it. */
class WorkspaceTest {

  private final Workspace workspace = new Workspace();

  @AfterEach
  void closeWorkspace() {
    workspace.close();
  }

  @Test
  void withoutAnOpenWorkspaceEveryArrayIsNew() {
    float[] first = Workspace.floats(8);
    workspace.open();
    workspace.close();

    assertThat(Workspace.floats(8)).isNotSameAs(first);
  }

  @Test
  void anOpenWorkspaceHandsOutDistinctArrays() {
    workspace.open();

    assertThat(Workspace.floats(8)).isNotSameAs(Workspace.floats(8));
  }

  @Test
  void theNextRepetitionGetsTheSameArraysBack() {
    workspace.open();
    float[] first = Workspace.floats(8);
    int[] firstInts = Workspace.ints(3);
    workspace.close();

    workspace.open();
    assertThat(Workspace.floats(8)).isSameAs(first);
    assertThat(Workspace.ints(3)).isSameAs(firstInts);
  }

  @Test
  void zerosAreZeroEvenInARecycledArray() {
    workspace.open();
    float[] dirty = Workspace.floats(4);
    Arrays.fill(dirty, 7f);
    workspace.close();

    workspace.open();
    float[] zeros = Workspace.zeros(4);
    assertThat(zeros).isSameAs(dirty).containsOnly(0f);
  }

  @Test
  void arraysARepetitionDidNotAskForAreDropped() {
    workspace.open();
    float[] eight = Workspace.floats(8);
    workspace.close();
    workspace.open();
    Workspace.floats(5);
    workspace.close();

    workspace.open();
    assertThat(Workspace.floats(8)).isNotSameAs(eight);
  }

  @Test
  void closingAnInnerWorkspaceReopensTheOuterOne() {
    Workspace inner = new Workspace();
    workspace.open();
    float[] outerArray = Workspace.floats(6);
    workspace.close();
    workspace.open();
    inner.open();
    inner.close();

    assertThat(Workspace.floats(6)).isSameAs(outerArray);
  }

  @Test
  void openingTwiceIsAnError() {
    workspace.open();

    assertThatThrownBy(workspace::open)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Workspace: open already");
  }

  @Test
  void closingAWorkspaceThatIsNotOpenDoesNothing() {
    workspace.close();
    workspace.open();
    float[] array = Workspace.floats(2);
    workspace.close();
    workspace.close();

    workspace.open();
    assertThat(Workspace.floats(2)).isSameAs(array);
  }

  // A forward and backward pass repeated in a workspace: the second allocates none of the
  // arrays of the first anew and computes the same numbers.
  @Test
  void aRepeatedForwardAndBackwardReusesItsArraysAndGivesTheSameNumbers() {
    Tensor images = Tensor.randomUniform(1, 0f, 1f, 2, 5, 5, 1);
    Tensor filter = Tensor.randomUniform(2, -1f, 1f, 3, 3, 1, 4);
    Tensor bias = Tensor.randomUniform(3, -0.5f, 0.5f, 4);

    workspace.open();
    Pass first = pass(images, filter, bias);
    float[] firstOutput = first.output().toFloatArray();
    float[] firstGradient = first.filterGradient().toFloatArray();
    workspace.close();
    workspace.open();
    Pass second = pass(images, filter, bias);

    assertThat(data(second.output())).isSameAs(data(first.output())).containsExactly(firstOutput);
    assertThat(data(second.filterGradient()))
        .isSameAs(data(first.filterGradient()))
        .containsExactly(firstGradient);
  }

  private record Pass(Tensor output, Tensor filterGradient) {}

  private static Pass pass(Tensor images, Tensor filter, Tensor bias) {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(filter);
      Tensor conv = ConvOps.conv2dBias(images, filter, bias, new int[] {1, 1, 1, 1},
          Padding.SAME, true);
      Tensor pooled = Ops.maxPool(conv, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
          Padding.SAME);
      Tensor loss = Ops.reduceMean(Ops.dropout(pooled, 0.5f, 4L));
      return new Pass(pooled, tape.gradient(loss, filter)[0]);
    }
  }
}
