package org.convnet4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.convnet4j.Ops;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recording hook: which ops leave a node, and what a node computes when asked. */
class RecordingTest {

  /** Records like the tape does, keeping the nodes to look at. */
  static final class Capture implements Recording.Recorder {
    final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Node> nodes = new ArrayList<>();

    @Override
    public boolean tracks(Tensor t) {
      return tracked.contains(t);
    }

    @Override
    public void record(Node node) {
      nodes.add(node);
      tracked.add(node.output());
    }
  }

  private final Capture capture = new Capture();

  @AfterEach
  void stop() {
    Recording.stop(capture);
  }

  @Test
  void opsOnUntrackedTensorsLeaveNoNode() {
    Recording.start(capture);
    Tensor conv = Ops.conv2d(Tensor.ones(1, 10, 10, 3), Tensor.ones(5, 5, 3, 64),
        new int[] {1, 2, 2, 1}, Padding.SAME);
    Ops.maxPool(Ops.relu(Ops.biasAdd(conv, Tensor.zeros(64))), new int[] {1, 2, 2, 1},
        new int[] {1, 2, 2, 1}, Padding.SAME);
    Ops.dropout(conv, 0.5f, 1L);
    assertThat(capture.nodes).isEmpty();
  }

  @Test
  void nothingIsRecordedAfterStop() {
    Tensor x = Tensor.ones(3);
    capture.tracked.add(x);
    Recording.start(capture);
    Ops.relu(x);
    Recording.stop(capture);
    Ops.relu(x);
    assertThat(capture.nodes).hasSize(1);
  }

  // The first layer's input is the images: the tape asks for the filter's gradient only, and the
  // node then skips the input gradient, the larger half of the backward work.
  @Test
  void conv2dNodeComputesOnlyTheGradientsAskedFor() {
    Tensor images = Tensor.randomUniform(1, 0f, 1f, 2, 6, 6, 1);
    Tensor filter = Tensor.randomUniform(2, -1f, 1f, 3, 3, 1, 4);
    capture.tracked.add(filter);
    Recording.start(capture);
    Tensor out = Ops.conv2d(images, filter, new int[] {1, 1, 1, 1}, Padding.SAME);
    assertThat(capture.nodes).singleElement().isInstanceOf(ConvOps.Conv2d.class);
    Node node = capture.nodes.getFirst();
    assertThat(node.inputs()).containsExactly(images, filter);
    assertThat(node.output()).isSameAs(out);

    float[][] d = node.backward(new float[out.size()], new boolean[] {false, true});
    assertThat(d[0]).isNull();
    assertThat(d[1]).hasSize(filter.size());
  }

  @Test
  void maxPoolNodeKeepsTheForwardsArgmax() {
    Tensor x = Tensor.of(new float[] {1, 5, 3, 2}, 1, 2, 2, 1);
    capture.tracked.add(x);
    Recording.start(capture);
    Ops.maxPool(x, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, Padding.VALID);
    PoolOps.MaxPool node = (PoolOps.MaxPool) capture.nodes.getFirst();
    assertThat(node.argmax()).containsExactly(1);
    assertThat(node.backward(new float[] {7}, new boolean[] {true})[0])
        .containsExactly(0, 7, 0, 0);
  }
}
