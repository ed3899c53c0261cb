package org.convnet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Activation;
import org.convnet4j.nn.ActivationLayer;
import org.convnet4j.nn.BatchNormalization;
import org.convnet4j.nn.Conv2D;
import org.convnet4j.nn.GlobalMaxPooling2D;
import org.convnet4j.nn.AvgPool2D;
import org.convnet4j.nn.Dense;
import org.convnet4j.nn.Flatten;
import org.convnet4j.nn.LocallyConnected2D;
import org.convnet4j.nn.MaxPool2D;
import org.convnet4j.nn.Sequential;
import org.convnet4j.optim.Adam;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final DataSets DATA = BarImages.dataSets(3);

  @Test
  void smallNetworkLearnsBarOrientationsAbove95PercentOnUnseenImages() {
    Sequential model = BarImages.model(1);

    TrainingHistory history =
        new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
            .fit(DATA.train(), DATA.validation(), 5, 16, 9);

    // Chance is 1/3; measured 100% on this seed, the margin allows another platform's rounding.
    assertThat(Evaluation.of(model, DATA.test()).accuracy()).isGreaterThan(0.95);
    assertThat(history.epochs().getLast().validationAccuracy()).isGreaterThan(0.95);
    assertThat(history.epochs().getLast().trainLoss())
        .isLessThan(history.epochs().getFirst().trainLoss());
  }

  @Test
  void locallyConnectedAndAveragePoolingLayersLearnToo() {
    Sequential model =
        new Sequential(
            new int[] {BarImages.SIZE, BarImages.SIZE, 1},
            1,
            new LocallyConnected2D(4, 3, 1, Padding.VALID, Activation.RELU),
            new AvgPool2D(2, 2, Padding.SAME),
            new Flatten(),
            new Dense(3));

    new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
        .fit(DATA.train(), DATA.validation(), 5, 16, 9);

    // Measured 97.9% on this seed; chance is 1/3.
    assertThat(Evaluation.of(model, DATA.test()).accuracy()).isGreaterThan(0.9);
  }

  @Test
  void threeByThreeConvolutionsOnWinogradLearnToo() {
    // Batches of 32 give the 16-to-16 convolution 128 tiles of 6x6 outputs (2x2 an 8x8 image, the
    // last sticking out by four pixels): it, its input gradient and its filter gradient run as
    // Winograd F(6x6, 3x3); the first convolution, one channel in, takes the direct kernels.
    Sequential model =
        new Sequential(
            new int[] {BarImages.SIZE, BarImages.SIZE, 1},
            1,
            new Conv2D(16, 3, 1, Padding.SAME, Activation.RELU),
            new Conv2D(16, 3, 1, Padding.SAME, Activation.RELU),
            new MaxPool2D(2, 2, Padding.SAME),
            new Flatten(),
            new Dense(3));

    new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
        .fit(DATA.train(), DATA.validation(), 5, 32, 9);

    // Chance is 1/3.
    assertThat(Evaluation.of(model, DATA.test()).accuracy()).isGreaterThan(0.9);
  }

  @Test
  void batchNormalizedNetworkWithGlobalPoolingAndAFinalSoftmaxLearnsToo() {
    Sequential model =
        new Sequential(
            new int[] {BarImages.SIZE, BarImages.SIZE, 1},
            1,
            new Conv2D(8, 3, 1, Padding.SAME, Activation.LINEAR).withUseBias(false),
            new BatchNormalization(),
            new ActivationLayer(Activation.RELU),
            new Conv2D(8, 3, 1, Padding.SAME, Activation.TANH),
            new GlobalMaxPooling2D(),
            new Dense(3),
            new ActivationLayer(Activation.SOFTMAX));

    new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
        .fit(DATA.train(), DATA.validation(), 5, 16, 9);

    // Evaluation runs in inference mode, on the moving statistics; chance is 1/3.
    assertThat(Evaluation.of(model, DATA.test()).accuracy()).isGreaterThan(0.9);
  }

  @Test
  void sameSeedsGiveIdenticalLossesAndAccuracies() {
    TrainingHistory first = train(BarImages.model(1), 2);
    TrainingHistory second = train(BarImages.model(1), 2);

    assertThat(second.stepLosses()).isEqualTo(first.stepLosses());
    assertThat(second.stepAccuracies()).isEqualTo(first.stepAccuracies());
    assertThat(second.epochs().stream().map(EpochMetrics::validationAccuracy).toList())
        .isEqualTo(first.epochs().stream().map(EpochMetrics::validationAccuracy).toList());
  }

  @Test
  void listenersHearEveryStepAndEpochInOrder() {
    List<String> heard = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onStart(TrainingPlan plan) {
            heard.add(
                "start " + plan.firstEpoch() + ".." + plan.epochs() + " x" + plan.stepsPerEpoch());
          }

          @Override
          public void onStep(StepMetrics s) {
            heard.add("step " + s.epoch() + "/" + s.batch() + " #" + s.step());
          }

          @Override
          public void onEpoch(EpochMetrics e) {
            heard.add("epoch " + e.epoch());
          }
        };

    new Trainer(BarImages.model(1), new Adam(0.01f), listener)
        .fit(DATA.train(), DATA.validation(), 2, 160, 9);

    // 480 images in batches of 160: 3 steps per epoch.
    assertThat(heard)
        .containsExactly(
            "start 1..2 x3",
            "step 1/1 #1",
            "step 1/2 #2",
            "step 1/3 #3",
            "epoch 1",
            "step 2/1 #4",
            "step 2/2 #5",
            "step 2/3 #6",
            "epoch 2");
  }

  @Test
  void nanLossStopsAtTheFirstStepAndLeavesTheWeightsAlone() {
    Sequential model = BarImages.model(1);
    float[] before = model.variables().getFirst().value().toFloatArray();
    float[] pixels = DATA.train().images().toFloatArray();
    Arrays.fill(pixels, Float.NaN);
    DataSplit nanImages =
        DataSplit.of(Tensor.of(pixels, DATA.train().images().shape()), labels(DATA.train()), 3);

    assertThatThrownBy(
            () ->
                new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
                    .fit(nanImages, DATA.validation(), 2, 16, 9))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the loss is NaN at epoch 1, batch 1 (step 1)")
        .hasMessageContaining("no epoch completed");
    assertThat(model.variables().getFirst().value().toFloatArray()).isEqualTo(before);
  }

  @Test
  void batchLargerThanTheTrainingSetIsAnError() {
    assertThatThrownBy(
            () ->
                new Trainer(BarImages.model(1), new Adam(0.01f), TrainingListener.NONE)
                    .fit(DATA.train(), DATA.validation(), 1, 481, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size: must be in 1..480")
        .hasMessageContaining("got 481");
  }

  static int[] labels(DataSplit split) {
    int[] labels = new int[split.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = split.labelOf(i);
    }
    return labels;
  }

  private static TrainingHistory train(Sequential model, int epochs) {
    return new Trainer(model, new Adam(0.01f), TrainingListener.NONE)
        .fit(DATA.train(), DATA.validation(), epochs, 16, 9);
  }
}
