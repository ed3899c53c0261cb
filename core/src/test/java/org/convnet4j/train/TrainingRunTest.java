package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.convnet4j.Padding;
import org.convnet4j.data.DataSets;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.Sequential;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

  private static final DataSets DATA = BarImages.dataSets(3);

  private static TrainingConfig config() {
    return TrainingConfig.defaults().withEpochs(1).withBatchSize(8).withThreads(1);
  }

  @Test
  void modelOfAnotherInputShapeIsRefusedBeforeTraining() {
    Sequential colour =
        new Sequential(
            new int[] {8, 8, 3},
            1,
            new Conv2D(2, 3, 1, Padding.SAME, Activation.RELU),
            new Flatten(),
            new Dense(3));

    assertThatThrownBy(() -> TrainingRun.start(config(), DATA, colour, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: takes inputs of [8, 8, 3] but the data's images are [8, 8, 1]");
  }

  @Test
  void modelWithAnotherNumberOfOutputsIsRefusedBeforeTraining() {
    Sequential fiveClasses =
        new Sequential(new int[] {8, 8, 1}, 1, new Flatten(), new Dense(5));

    assertThatThrownBy(() -> TrainingRun.start(config(), DATA, fiveClasses, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: puts out [5] but the data has 3 classes; its last layer needs 3 units");
  }
}
