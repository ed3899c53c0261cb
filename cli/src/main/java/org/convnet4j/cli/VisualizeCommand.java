package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.convnet4j.Padding;
import org.convnet4j.Tensor;
import org.convnet4j.cli.pictures.ConvolutionStepDiagram;
import org.convnet4j.cli.pictures.FeatureMapSheet;
import org.convnet4j.cli.pictures.FilterGrid;
import org.convnet4j.cli.pictures.Pictures;
import org.convnet4j.cli.report.PredictionChart;
import org.convnet4j.cli.report.Predictions;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Layer;
import org.convnet4j.nn.LayerType;
import org.convnet4j.nn.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convnet4j visualize}: pictures of what the tutorial explains, as PNG files. */
@Command(
    name = "visualize",
    mixinStandardHelpOptions = true,
    description = {
      "With --model: draws the first convolution's learned filters ("
          + VisualizeCommand.FILTERS_FILE
          + ", in colour on RGB inputs), the feature maps after every layer that keeps rows and"
          + " columns (convolution, pooling, activation, normalisation) for one image ("
          + VisualizeCommand.FEATURE_MAPS_FILE
          + ") and the model's top guesses for it ("
          + VisualizeCommand.PREDICTIONS_FILE
          + ").",
      "With --shape: draws one convolution step for --input, --filter, --stride and --padding:"
          + " the padded input, where the windows fall and the output size, SAME and VALID side"
          + " by side ("
          + VisualizeCommand.CONVOLUTION_STEP_FILE
          + ").",
    })
final class VisualizeCommand implements Callable<Integer> {

  static final String FILTERS_FILE = "filters.png";
  static final String FEATURE_MAPS_FILE = "feature-maps.png";
  static final String PREDICTIONS_FILE = "predictions.png";
  static final String CONVOLUTION_STEP_FILE = "convolution-step.png";

  /** Guesses shown in the predictions chart. */
  static final int TOP = 5;

  private final Backend backend;

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "A checkpoint (model.ckpt) or the run folder holding it.")
  private Path modelFile;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description =
          "A PNG or JPEG picture to run through the model (resized as training read an image"
              + " folder; framed like a digit for MNIST models).")
  private Path image;

  @Option(
      names = "--index",
      paramLabel = "N",
      description = "Test image N of the model's data set instead (default: 0).")
  private Integer index;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "A folder with the data set's IDX files, for --index.")
  private Path dataDir;

  @Option(names = "--shape", description = "Draw a convolution step for the given sizes.")
  private boolean shape;

  @Mixin private ConvolutionSizes sizes;

  @Option(
      names = "--output",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Folder for the PNG files (default: the current folder).")
  private Path output;

  VisualizeCommand() {
    this(Backend.LIBRARY);
  }

  VisualizeCommand(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Integer call() throws IOException {
    if (shape == (modelFile != null)) {
      throw new IllegalArgumentException(
          "give --model FILE (filters and feature maps) or --shape with --input and --filter"
              + " (a convolution step), one of the two");
    }
    if (image != null && index != null) {
      throw new IllegalArgumentException("give --image or --index, not both");
    }
    if (shape && (image != null || index != null)) {
      throw new IllegalArgumentException(
          "--image and --index pick a picture for --model; --shape draws sizes, not a picture");
    }
    Files.createDirectories(output);
    List<Path> written = shape ? drawConvolutionStep() : drawModel();
    PrintWriter out = spec.commandLine().getOut();
    for (Path file : written) {
      out.println("wrote " + file);
    }
    return 0;
  }

  private List<Path> drawConvolutionStep() throws IOException {
    Path file = output.resolve(CONVOLUTION_STEP_FILE);
    Pictures.writePng(
        new ConvolutionStepDiagram(
                sizes.inputSize(),
                sizes.filterSize(),
                sizes.strides(),
                paddingsToCompare(sizes.padding()))
            .draw(),
        file);
    return List.of(file);
  }

  // SAME and VALID always, so the two can be compared; an explicit amount gets its own panel.
  private static List<Padding> paddingsToCompare(Padding requested) {
    List<Padding> paddings = new ArrayList<>(List.of(Padding.SAME, Padding.VALID));
    if (requested instanceof Padding.Explicit) {
      paddings.addFirst(requested);
    }
    return paddings;
  }

  private List<Path> drawModel() throws IOException {
    SavedModel saved = SavedModel.load(modelFile);
    List<Path> written = new ArrayList<>();
    Optional<FilterGrid> firstFilters = FilterGrid.ofFirstConvolution(saved.model());
    if (firstFilters.isPresent()) {
      Path filters = output.resolve(FILTERS_FILE);
      Pictures.writePng(firstFilters.get().draw(), filters);
      written.add(filters);
    } else {
      spec.commandLine().getOut().println("no Conv2D layer: no filters to draw");
    }

    String imageName;
    Tensor input;
    if (image != null) {
      input = saved.image(image);
      imageName = image.getFileName().toString();
    } else {
      int n = index == null ? 0 : index;
      DataSplit test = saved.data(backend, dataDir).test();
      if (n < 0 || n >= test.size()) {
        throw new IllegalArgumentException(
            "--index: the test set has images 0 to %d, got %d".formatted(test.size() - 1, n));
      }
      input = SavedModel.firstOfBatch(test.batch(n, n + 1).images());
      imageName =
          "test image %d, labelled %s".formatted(n, saved.classNames().get(test.labelOf(n)));
    }

    Path featureMaps = output.resolve(FEATURE_MAPS_FILE);
    Pictures.writePng(featureMapSheet(saved.model(), input, imageName).draw(), featureMaps);
    written.add(featureMaps);

    List<Predictions.Guess> top = Predictions.top(saved.logits(input), saved.classNames(), TOP);
    Path predictions = output.resolve(PREDICTIONS_FILE);
    Pictures.writePng(PredictionChart.image(PredictionChart.chart(imageName, top)), predictions);
    written.add(predictions);
    spec.commandLine()
        .getOut()
        .println(
            imageName
                + ": "
                + Predictions.describe(top.subList(0, Math.min(PredictCommand.TOP, top.size()))));
    return written;
  }

  /**
   * The input {@code [h, w, c]}, then the output of every layer that keeps rows and columns
   * (convolution, pooling, activation, normalisation: any layer whose output is {@code [1, h, w,
   * c]}), for one image; a footnote names the others (flatten, dense, global pooling) and dropout,
   * the identity outside training.
   */
  static FeatureMapSheet featureMapSheet(Sequential model, Tensor input, String imageName) {
    List<FeatureMapSheet.Stage> stages = new ArrayList<>();
    stages.add(FeatureMapSheet.Stage.input("input " + imageName, input));
    List<String> notDrawn = new ArrayList<>();
    Tensor activations = SavedModel.batchOfOne(input);
    for (Layer layer : model.layers()) {
      activations = layer.forward(activations, false);
      String name = layer.name() + " (" + layer.type().displayName() + ")";
      if (activations.rank() == 4 && layer.type() != LayerType.DROPOUT) {
        stages.add(new FeatureMapSheet.Stage(name, SavedModel.firstOfBatch(activations)));
      } else {
        notDrawn.add(name);
      }
    }
    String footnote =
        notDrawn.isEmpty()
            ? ""
            : "not drawn (no maps, or the same as above): " + String.join(", ", notDrawn);
    return new FeatureMapSheet(stages, footnote);
  }
}
