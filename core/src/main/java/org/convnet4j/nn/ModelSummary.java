package org.convnet4j.nn;

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
    String format = "%-30s %-14s %14s %18s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(format.formatted("Layer (type)", "Output shape", "Parameters", "Without sharing"));
    sb.append(format.formatted("input", Shapes.format(inputShape, "x"), "", ""));
    for (Row r : rows) {
      sb.append(
          format.formatted(
              r.name() + " (" + r.type().displayName() + ")",
              r.formattedShape(),
              grouped(r.parameters()),
              grouped(r.parametersWithoutSharing())));
    }
    sb.append(
        format.formatted("Total", "", grouped(totalParameters), grouped(totalWithoutSharing)));
    if (nonTrainableParameters > 0) {
      sb.append(
          format.formatted("Trainable", "", grouped(totalParameters - nonTrainableParameters), ""));
      sb.append(format.formatted("Non-trainable", "", grouped(nonTrainableParameters), ""));
    }
    return sb.toString();
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
