package com.example;

import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.Tensor;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.ImageFolderReader;
import org.convnet4j.data.ImageFolderSpec;
import org.convnet4j.keras.KerasModel;
import org.convnet4j.keras.KerasModelFile;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingConfig;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingResult;
import org.convnet4j.train.TrainingRun;

/**
 * A program outside convnet4j: a Keras model file trained on an image folder, then a prediction.
 */
public final class TrainFromModelFile {

  private TrainFromModelFile() {}

  /**
   * Reads {@code modelFile}, reads {@code images} at the model's input shape, trains for {@code
   * epochs} and returns the result (its model predicts with {@code probabilities}).
   *
   * @param cache where the decoded images are kept (the user cache, for a real program)
   */
  public static TrainingResult train(Path modelFile, Path images, int epochs, Path cache)
      throws IOException {
    KerasModel file = KerasModelFile.read(modelFile);
    int[] shape = file.inputShape(); // [height, width, channels]
    DataSets data =
        ImageFolderReader.read(
                images,
                ImageFolderSpec.defaults().withImageSize(shape[0], shape[1]).withChannels(shape[2]),
                42,
                cache,
                System.out::println)
            .data();
    TrainingConfig config =
        TrainingConfig.defaults().withEpochs(epochs).withBatchSize(8).withLearningRate(0.01f);
    Sequential model = file.build(config.modelSeed());
    return TrainingRun.start(config, data, model, TrainingListener.NONE);
  }

  /** Usage: TrainFromModelFile MODEL.json IMAGE_FOLDER PICTURE */
  public static void main(String[] args) throws IOException {
    TrainingResult result = train(Path.of(args[0]), Path.of(args[1]), 2, Path.of("cache"));
    int[] shape = result.model().inputShape();
    Tensor picture = ImageFolderReader.readImage(Path.of(args[2]), shape[0], shape[1], shape[2]);
    Tensor probabilities =
        result.model().probabilities(picture.reshape(1, shape[0], shape[1], shape[2]));
    System.out.printf(
        "test accuracy %.3f, probabilities %s%n",
        result.test().accuracy(), java.util.Arrays.toString(probabilities.toFloatArray()));
  }
}
