package org.convnet4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's summary table: per layer, its output shape, its parameters and the parameters it would
 * need without weight sharing, with totals. {@link #toString()} renders it as text:
 *
 * <pre>
 * Layer (type)                   Output shape      Parameters   Without sharing
 * conv2d_1 (Conv2D)              14x14x20               3,860           756,560
 * </pre>
 *
 * <p>A model with state that is not trained (batch normalization's moving statistics) gets two more
 * lines, as Keras' summary: {@code Trainable} and {@code Non-trainable}; the rows and the total
 * count both kinds.
 *
 * @param inputShape one example's shape
 * @param rows one row per layer
 * @param totalParameters sum of the rows' parameters, trainable and not
 * @param totalWithoutSharing sum of the rows' parameters without sharing
 * @param nonTrainableParameters how many of the parameters are not trained
 */
public record ModelSummary(
    int[] inputShape,
    List<Row> rows,
    long totalParameters,
    long totalWithoutSharing,
    long nonTrainableParameters) {

  /**
   * One layer.
   *
   * @param name the layer's name
   * @param type its kind
   * @param outputShape one example's output shape
   * @param parameters parameters, trainable and not
   * @param parametersWithoutSharing parameters the layer would need without weight sharing
   */
  public record Row(
      String name,
      LayerType type,
      int[] outputShape,
      long parameters,
      long parametersWithoutSharing) {

    /** The output shape as {@code 14x14x20}. */
    public String formattedShape() {
      return Shapes.format(outputShape, "x");
    }
  }

  /** The summary of a built model. */
  public static ModelSummary of(Sequential model) {
    List<Row> rows =
        model.layers().stream()
            .map(
                l ->
                    new Row(
                        l.name(),
                        l.type(),
                        l.outputShape(),
                        l.parameterCount(),
                        l.parameterCountWithoutSharing()))
            .toList();
    return new ModelSummary(
        model.inputShape(),
        rows,
        model.parameterCount(),
        model.parameterCountWithoutSharing(),
        model.nonTrainableParameterCount());
  }

  @Override
  public String toString() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"Layer (type)", "Output shape", "Parameters", "Without sharing"});
    lines.add(new String[] {"input", Shapes.format(inputShape, "x"), "", ""});
    for (Row r : rows) {
      lines.add(
          new String[] {
            r.name() + " (" + r.type().displayName() + ")",
            r.formattedShape(),
            grouped(r.parameters()),
            grouped(r.parametersWithoutSharing())
          });
    }
    lines.add(new String[] {"Total", "", grouped(totalParameters), grouped(totalWithoutSharing)});
    if (nonTrainableParameters > 0) {
      lines.add(
          new String[] {"Trainable", "", grouped(totalParameters - nonTrainableParameters), ""});
      lines.add(new String[] {"Non-trainable", "", grouped(nonTrainableParameters), ""});
    }
    // Each column as wide as its widest cell (Keras' names, "batch_normalization_1
    // (BatchNormalization)", outgrow any fixed width), and at least the tutorial network's widths.
    int[] widths = {30, 14, 14, 18};
    for (String[] line : lines) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    String format = "%%-%ds %%-%ds %%%ds %%%ds".formatted(widths[0], widths[1], widths[2], widths[3]);
    StringBuilder sb = new StringBuilder();
    for (String[] line : lines) {
      sb.append(format.formatted((Object[]) line).stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
