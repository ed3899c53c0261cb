package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
      "Classifies PNG, JPEG, BMP or GIF images of any size, colour or grey, and prints the"
          + " model's top classes, by name, with their probabilities.",
      "A model trained on an image folder gets each image as training read them: converted to"
          + " its channels and resized to its image size (bilinear). An MNIST or Fashion-MNIST"
          + " model gets it made to look like their images (grey, light on dark, 28x28; an MNIST"
          + " digit fitted into 20x20 and centred by its centre of mass, a Fashion-MNIST item"
          + " fitted into 28x28).",
    })
final class PredictCommand implements Callable<Integer> {

  /** How many classes to print per image. */
  static final int TOP = 3;

  @Spec private CommandSpec spec;

  @Mixin private ModelOption model;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, BMP or GIF files.")
  private List<Path> images;

  @Override
  public Integer call() throws IOException {
    SavedModel saved = model.load();
    // Read every image first, so a bad one stops the command before any output.
    List<Tensor> inputs = new ArrayList<>();
    for (Path image : images) {
      inputs.add(saved.image(image));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < images.size(); i++) {
      List<Predictions.Guess> top =
          Predictions.top(saved.logits(inputs.get(i)), saved.classNames(), TOP);
      out.println(images.get(i) + ": " + Predictions.describe(top));
    }
    return 0;
  }
}
