package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs over a test set, with the per-class precision
 * and recall read off it, laid out as rows for a text or HTML table.
 *
 * @param classNames one name per class
 * @param counts {@code counts[trueClass][predictedClass]}
 */
record ConfusionMatrix(List<String> classNames, long[][] counts) {

  ConfusionMatrix {
    classNames = List.copyOf(classNames);
    if (counts.length != classNames.size()) {
      throw new IllegalArgumentException(
          "confusion matrix: %d class names for %d rows".formatted(classNames.size(), counts.length));
    }
  }

  int classes() {
    return classNames.size();
  }

  long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  /** Fraction of all examples on the diagonal. */
  double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes(); c++) {
      correct += counts[c][c];
    }
    return (double) correct / total();
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}; NaN if none. */
  double precision(int c) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return (double) counts[c][c] / predicted;
  }

  /** Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN if none. */
  double recall(int c) {
    long actual = 0;
    for (long count : counts[c]) {
      actual += count;
    }
    return (double) counts[c][c] / actual;
  }

  /** True classes down, predicted classes across. */
  Table table() {
    List<String> header = new ArrayList<>();
    header.add("true \\ predicted");
    header.addAll(classNames);
    List<List<String>> rows = new ArrayList<>();
    for (int t = 0; t < classes(); t++) {
      List<String> row = new ArrayList<>();
      row.add(classNames.get(t));
      for (long count : counts[t]) {
        row.add(Long.toString(count));
      }
      rows.add(row);
    }
    return new Table(header, rows);
  }

  /** Which cells of {@link #table()} are on the diagonal (a correct prediction). */
  boolean[][] diagonal() {
    boolean[][] diagonal = new boolean[classes()][classes() + 1];
    for (int c = 0; c < classes(); c++) {
      diagonal[c][c + 1] = true;
    }
    return diagonal;
  }

  /** Precision, recall and number of examples of each class. */
  Table perClassTable() {
    List<List<String>> rows = new ArrayList<>();
    for (int c = 0; c < classes(); c++) {
      long examples = 0;
      for (long count : counts[c]) {
        examples += count;
      }
      rows.add(
          List.of(classNames.get(c), percent(precision(c)), percent(recall(c)),
              Long.toString(examples)));
    }
    return new Table(List.of("class", "precision", "recall", "examples"), rows);
  }

  /** {@code 99.21 %}, or {@code -} for a ratio with nothing to divide by. */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : "%.2f %%".formatted(100 * fraction);
  }
}
