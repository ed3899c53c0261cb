package org.convnet4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.data.Batch;
import org.convnet4j.data.DataSplit;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;

/**
 * How well a model classifies a split: accuracy, per-class precision and recall, and the confusion
 * matrix. The model runs in evaluation mode (no dropout), {@value #BATCH_SIZE} images at a time, so
 * memory stays bounded on any split.
 */
public final class Evaluation {

  /** Images per forward pass. */
  public static final int BATCH_SIZE = 250;

  /** How many misclassified examples an evaluation keeps, the first in the split's order. */
  public static final int MISCLASSIFIED_KEPT = 40;

  /**
   * A misclassified example: its index in the split, its true and predicted classes, and its image.
   *
   * @param image {@code [h, w, c]}, as the model saw it
   */
  public record Misclassified(int index, int actual, int predicted, Tensor image) {}

  private final List<String> classNames;
  private final long[][] confusion;
  private final int examples;
  private final long correct;
  private final List<Misclassified> misclassified;

  private Evaluation(
      List<String> classNames, long[][] confusion, List<Misclassified> misclassified) {
    this.classNames = List.copyOf(classNames);
    this.confusion = confusion;
    this.misclassified = List.copyOf(misclassified);
    long total = 0;
    long diagonal = 0;
    for (int actual = 0; actual < confusion.length; actual++) {
      for (int predicted = 0; predicted < confusion.length; predicted++) {
        total += confusion[actual][predicted];
      }
      diagonal += confusion[actual][actual];
    }
    this.examples = (int) total;
    this.correct = diagonal;
  }

  /** Evaluates {@code model} on {@code split}, with classes named by their index. */
  public static Evaluation of(Sequential model, DataSplit split) {
    return of(model, split, new Workspace());
  }

  /**
   * {@link #of(Sequential, DataSplit)} with the arrays of {@code workspace}: evaluations repeated
   * with one workspace (validation after every epoch) reuse the batches' activations instead of
   * allocating them again each time, some 40 MB for the tutorial's network, too large for a small
   * young generation and so garbage in the old one.
   */
  public static Evaluation of(Sequential model, DataSplit split, Workspace workspace) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < split.numClasses(); c++) {
      names.add(Integer.toString(c));
    }
    return of(model, split, names, workspace);
  }

  /**
   * Evaluates {@code model} on {@code split}.
   *
   * @param classNames one name per class, in label order
   * @throws IllegalArgumentException if the model's outputs, the split's classes and the names
   *     disagree
   */
  public static Evaluation of(Sequential model, DataSplit split, List<String> classNames) {
    return of(model, split, classNames, new Workspace());
  }

  private static Evaluation of(
      Sequential model, DataSplit split, List<String> classNames, Workspace workspace) {
    int classes = split.numClasses();
    int[] out = model.outputShape();
    if (out.length != 1 || out[0] != classes || classNames.size() != classes) {
      throw new IllegalArgumentException(
          "evaluation: the model puts out %s, the split has %d classes and %d class names"
              .formatted(Arrays.toString(out), classes, classNames.size()));
    }
    long[][] confusion = new long[classes][classes];
    List<Misclassified> misclassified = new ArrayList<>();
    for (int from = 0; from < split.size(); from += BATCH_SIZE) {
      int to = Math.min(from + BATCH_SIZE, split.size());
      Batch batch = split.batch(from, to);
      Tensor predicted = Ops.argmax(model.predict(batch.images(), workspace), 1);
      for (int i = from; i < to; i++) {
        int actual = split.labelOf(i);
        int guess = (int) predicted.get(i - from);
        confusion[actual][guess]++;
        if (actual != guess && misclassified.size() < MISCLASSIFIED_KEPT) {
          misclassified.add(new Misclassified(i, actual, guess, imageOf(split, i)));
        }
      }
    }
    return new Evaluation(classNames, confusion, misclassified);
  }

  /** Number of examples evaluated. */
  public int examples() {
    return examples;
  }

  /** Number classified right. */
  public long correct() {
    return correct;
  }

  /** Fraction classified right, in {@code [0, 1]}. */
  public double accuracy() {
    return examples == 0 ? 0 : (double) correct / examples;
  }

  /**
   * The first {@value #MISCLASSIFIED_KEPT} (or fewer) misclassified examples, in the split's order.
   */
  public List<Misclassified> misclassified() {
    return misclassified;
  }

  // Example i's image as [h, w, c], a copy.
  private static Tensor imageOf(DataSplit split, int i) {
    Tensor one = split.slice(i, i + 1).images();
    int[] shape = one.shape();
    return one.reshape(Arrays.copyOfRange(shape, 1, shape.length));
  }

  /** The class names, in label order. */
  public List<String> classNames() {
    return classNames;
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}; 0 if none were. */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
  }

  /**
   * Of the examples of class {@code c}, the fraction predicted as {@code c}; 0 if there were none.
   */
  public double recall(int c) {
    long actual = 0;
    for (long n : confusion[c]) {
      actual += n;
    }
    return actual == 0 ? 0 : (double) confusion[c][c] / actual;
  }

  /** {@code [actual][predicted]} counts; a copy. */
  public long[][] confusionMatrix() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /**
   * A text report: accuracy, a precision/recall line per class, and the confusion matrix with
   * actual classes down and predicted classes across.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(Locale.ROOT, "accuracy %.4f (%d of %d)%n%n", accuracy(), correct, examples));
    int width = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(5));
    sb.append(String.format(Locale.ROOT, "%-" + width + "s  precision  recall%n", "class"));
    for (int c = 0; c < confusion.length; c++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %9.4f  %6.4f%n",
              classNames.get(c),
              precision(c),
              recall(c)));
    }
    sb.append(
        String.format(Locale.ROOT, "%nconfusion matrix (rows: actual, columns: predicted)%n"));
    sb.append(" ".repeat(width));
    for (int c = 0; c < confusion.length; c++) {
      sb.append(String.format(Locale.ROOT, " %6d", c));
    }
    sb.append(System.lineSeparator());
    for (int actual = 0; actual < confusion.length; actual++) {
      sb.append(String.format(Locale.ROOT, "%-" + width + "s", classNames.get(actual)));
      for (long n : confusion[actual]) {
        sb.append(String.format(Locale.ROOT, " %6d", n));
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }
}
