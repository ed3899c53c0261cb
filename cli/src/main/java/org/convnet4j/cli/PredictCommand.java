package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.Tensor;
import org.convnet4j.cli.images.MnistStyleImage;
import org.convnet4j.cli.report.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convnet4j predict}: what a trained model sees in pictures of digits (or clothes). */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies PNG or JPEG images of any size, colour or grey: each is made to look like the"
          + " model's training images (grey, light on dark, 28x28; an MNIST digit fitted into"
          + " 20x20 and centred by its centre of mass, a Fashion-MNIST item fitted into 28x28)"
          + " and the model's top classes are printed with their probabilities.",
    })
final class PredictCommand implements Callable<Integer> {

  /** How many classes to print per image. */
  static final int TOP = 3;

  @Spec private CommandSpec spec;

  @Mixin private ModelOption model;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG or JPEG files.")
  private List<Path> images;

  @Override
  public Integer call() throws IOException {
    SavedModel saved = model.load();
    checkMnistShaped(saved);
    // Read every image first, so a bad one stops the command before any output.
    List<Tensor> inputs = new ArrayList<>();
    for (Path image : images) {
      inputs.add(MnistStyleImage.load(image, saved.framing()));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < images.size(); i++) {
      List<Predictions.Guess> top =
          Predictions.top(saved.logits(inputs.get(i)), saved.classNames(), TOP);
      out.println(images.get(i) + ": " + Predictions.describe(top));
    }
    return 0;
  }

  static void checkMnistShaped(SavedModel saved) {
    int[] expected = {MnistStyleImage.SIZE, MnistStyleImage.SIZE, 1};
    if (!Arrays.equals(saved.model().inputShape(), expected)) {
      throw new IllegalArgumentException(
          "the model takes %s images; pictures are turned into 28x28x1 MNIST-style input"
              .formatted(Arrays.toString(saved.model().inputShape())));
    }
  }
}
