package org.convnet4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convnet4j.Padding;
import org.convnet4j.ops.PoolOps;
import org.convnet4j.tensor.AxisGeometry;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.ParameterCounts;
import org.convnet4j.tensor.Pool2dGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convnet4j shape}: the tutorial's arithmetic for one layer. The output size with the
 * formula that gave it, numbers filled in, and for a convolution its parameter count with and
 * without sharing: {@code --input 32x32x3 --filter 8x8 --filters 20 --stride 2 --padding 1} gives
 * 14x14x20, 3,860 and 756,560.
 */
@Command(
    name = "shape",
    mixinStandardHelpOptions = true,
    description = {
      "Output size and parameter count of a convolution (--filter with --filters) or a pooling"
          + " window (--pool), with the formula that gives them.",
      "SAME and VALID use TensorFlow's formulas, ceil(W / S) and ceil((W - F + 1) / S); an"
          + " explicit P uses (W - F + 2P) / S + 1.",
    })
final class ShapeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ConvolutionSizes sizes;

  @Option(
      names = "--filters",
      paramLabel = "K",
      description = "Number of filters (output channels) of a convolution.")
  private Integer filters;

  @Option(
      names = "--pool",
      paramLabel = "KHxKW",
      description = "A pooling window instead of a convolution, e.g. 2x2.")
  private String pool;

  @Override
  public Integer call() {
    int[] in = sizes.inputSize();
    int[] s = sizes.strides();
    Padding padding = sizes.padding();
    PrintWriter out = spec.commandLine().getOut();
    if (pool != null) {
      if (filters != null) {
        throw new IllegalArgumentException("--filters goes with --filter, not with --pool");
      }
      int[] k = ConvolutionSizes.parse("--pool", pool, 2, 2);
      Pool2dGeometry g = PoolOps.geometry("--pool", new int[] {1, in[0], in[1], in[2]},
          new int[] {1, k[0], k[1], 1}, new int[] {1, s[0], s[1], 1}, padding);
      out.printf("input   %s%n", size(in[0], in[1], in[2]));
      out.printf("layer   pooling, %s window, stride %s, padding %s%n",
          size(k[0], k[1]), size(s[0], s[1]), padding);
      out.printf("output  %s%n%n", size(g.oh(), g.ow(), g.c()));
      printAxes(out, padding, in, k, s);
      out.printf("%nparameters  none: pooling learns nothing%n");
      return 0;
    }
    if (filters == null) {
      throw new IllegalArgumentException("give --filter with --filters, or --pool");
    }
    if (filters < 1) {
      throw new IllegalArgumentException("--filters: expected a positive whole number, got "
          + filters);
    }
    int[] k = sizes.filterSize();
    Conv2dGeometry g =
        Conv2dGeometry.of(1, in[0], in[1], in[2], k[0], k[1], filters, s[0], s[1], padding);
    out.printf("input   %s%n", size(in[0], in[1], in[2]));
    out.printf("layer   conv2d, %d filters of %s, stride %s, padding %s%n",
        filters, size(k[0], k[1], in[2]), size(s[0], s[1]), padding);
    out.printf("output  %s%n%n", size(g.oh(), g.ow(), g.cout()));
    printAxes(out, padding, in, k, s);
    String perFilter = "(%d*%d*%d + 1)".formatted(k[0], k[1], in[2]);
    out.printf("%nparameters%n");
    out.printf("  shared (conv2d):               %s * %d = %s%n",
        perFilter, filters, count(ParameterCounts.shared(g)));
    out.printf("  unshared (locally connected):  %s * %d*%d*%d = %s%n",
        perFilter, g.oh(), g.ow(), filters, count(ParameterCounts.unshared(g)));
    return 0;
  }

  // One block per axis, or one for both when they are alike; continuation lines line up.
  private static void printAxes(PrintWriter out, Padding padding, int[] in, int[] k, int[] s) {
    String height = formula(padding.height(in[0], k[0], s[0]), padding);
    String width = formula(padding.width(in[1], k[1], s[1]), padding);
    if (height.equals(width)) {
      printLabelled(out, "height and width  ", height);
    } else {
      printLabelled(out, "height  ", height);
      printLabelled(out, "width   ", width);
    }
  }

  private static void printLabelled(PrintWriter out, String label, String text) {
    out.println(label + text.replace("\n", "\n" + " ".repeat(label.length())));
  }

  private static String formula(AxisGeometry a, Padding padding) {
    int w = a.in();
    int f = a.window();
    int s = a.stride();
    return switch (padding) {
      case Padding.Same same -> {
        int total = a.padBefore() + a.padAfter();
        yield "ceil(W / S) = ceil(%d / %d) = %d".formatted(w, s, a.out())
            + "\npadding max((%d-1)*%d + %d - %d, 0) = %d: %d before, %d after"
                .formatted(a.out(), s, f, w, total, a.padBefore(), a.padAfter());
      }
      case Padding.Valid valid ->
          "ceil((W - F + 1) / S) = ceil((%d - %d + 1) / %d) = %d".formatted(w, f, s, a.out());
      case Padding.Explicit e -> {
        int p = a.padBefore();
        String rounded = (w - f + 2 * p) % s == 0 ? "" : " (rounded down)";
        yield "(W - F + 2P) / S + 1 = (%d - %d + 2*%d) / %d + 1 = %d%s"
            .formatted(w, f, p, s, a.out(), rounded);
      }
    };
  }

  private static String size(int... dims) {
    StringBuilder sb = new StringBuilder();
    for (int d : dims) {
      sb.append(sb.isEmpty() ? "" : "x").append(d);
    }
    return sb.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
