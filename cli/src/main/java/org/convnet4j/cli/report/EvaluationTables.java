package org.convnet4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.train.Evaluation;

/** An {@link Evaluation} as tables: the confusion matrix, and precision and recall per class. */
public final class EvaluationTables {

  private EvaluationTables() {}

  /** True classes down, predicted classes across. */
  public static Table confusion(Evaluation evaluation) {
    List<String> names = evaluation.classNames();
    long[][] counts = evaluation.confusionMatrix();
    List<String> header = new ArrayList<>();
    header.add("true \\ predicted");
    header.addAll(names);
    List<List<String>> rows = new ArrayList<>();
    for (int t = 0; t < names.size(); t++) {
      List<String> row = new ArrayList<>();
      row.add(names.get(t));
      for (long count : counts[t]) {
        row.add(Long.toString(count));
      }
      rows.add(row);
    }
    return new Table(header, rows);
  }

  /** Which cells of {@link #confusion} are on the diagonal (a correct prediction). */
  static boolean[][] diagonal(Evaluation evaluation) {
    int classes = evaluation.classNames().size();
    boolean[][] diagonal = new boolean[classes][classes + 1];
    for (int c = 0; c < classes; c++) {
      diagonal[c][c + 1] = true;
    }
    return diagonal;
  }

  /** Precision, recall and number of test examples of each class. */
  public static Table perClass(Evaluation evaluation) {
    long[][] counts = evaluation.confusionMatrix();
    List<List<String>> rows = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      long examples = 0;
      for (long count : counts[c]) {
        examples += count;
      }
      rows.add(
          List.of(
              evaluation.classNames().get(c),
              percent(evaluation.precision(c)),
              percent(evaluation.recall(c)),
              Long.toString(examples)));
    }
    return new Table(List.of("class", "precision", "recall", "examples"), rows);
  }

  /** A fraction as {@code 99.21 %}. */
  public static String percent(double fraction) {
    return "%.2f %%".formatted(100 * fraction);
  }
}
