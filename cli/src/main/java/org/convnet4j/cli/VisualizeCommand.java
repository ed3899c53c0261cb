package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.convnet4j.Padding;
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
      "Draws one convolution step (--shape with --input, --filter, --stride, --padding):"
          + " the padded input, where the windows fall and the output size, SAME and VALID"
          + " side by side.",
    })
final class VisualizeCommand implements Callable<Integer> {

  static final String CONVOLUTION_STEP_FILE = "convolution-step.png";

  @Spec private CommandSpec spec;

  @Option(names = "--shape", description = "Draw a convolution step for the given sizes.")
  private boolean shape;

  @Mixin private ConvolutionSizes sizes;

  @Option(
      names = "--output",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Folder for the PNG files (default: the current folder).")
  private Path output;

  @Override
  public Integer call() throws IOException {
    if (!shape) {
      throw new IllegalArgumentException("give --shape with --input and --filter");
    }
    Files.createDirectories(output);
    Path file = output.resolve(CONVOLUTION_STEP_FILE);
    Pictures.writePng(
        new ConvolutionStepDiagram(sizes.inputSize(), sizes.filterSize(), sizes.strides(),
                paddingsToCompare(sizes.padding()))
            .draw(),
        file);
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + file);
    return 0;
  }

  // SAME and VALID always, so the two can be compared; an explicit amount gets its own panel.
  private static List<Padding> paddingsToCompare(Padding requested) {
    List<Padding> paddings = new ArrayList<>(List.of(Padding.SAME, Padding.VALID));
    if (requested instanceof Padding.Explicit) {
      paddings.addFirst(requested);
    }
    return paddings;
  }
}
