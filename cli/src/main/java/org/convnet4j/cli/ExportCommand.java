package org.convnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.convnet4j.nn.Sequential;
import org.convnet4j.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convnet4j export}: a trained model as an ONNX file, for ONNX Runtime and others. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Writes a trained model as an ONNX file (IR version 8, opset 13): input 'input', NHWC"
            + " float [batch, h, w, c] scaled as in training (pixels / 255); output 'logits';"
            + " the class names in the metadata.")
final class ExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOption model;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "The ONNX file to write, e.g. model.onnx (replaced if it exists).")
  private Path output;

  @Override
  public Integer call() throws IOException {
    SavedModel saved = model.load();
    Sequential m = saved.model();
    OnnxExport.write(m, saved.classNames(), output);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "wrote %s (%,d bytes): input '%s' [batch, %s] NHWC float, output '%s' [batch, %s]%n",
        output,
        Files.size(output),
        OnnxExport.INPUT,
        join(m.inputShape()),
        OnnxExport.OUTPUT,
        join(m.outputShape()));
    return 0;
  }

  private static String join(int[] shape) {
    return String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
  }
}
