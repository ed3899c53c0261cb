package org.convnet4j.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.convnet4j.Tensor;

/** The most probable classes for one image, from the model's logits. */
public final class Predictions {

  /** A class and its probability. */
  public record Guess(int classIndex, String className, double probability) {}

  private Predictions() {}

  /**
   * The {@code k} most probable classes, most probable first, from {@code logits} of shape {@code
   * [classes]} or {@code [1, classes]}: the softmax, computed stably.
   */
  public static List<Guess> top(Tensor logits, List<String> classNames, int k) {
    float[] z = logits.toFloatArray();
    if (z.length != classNames.size()) {
      throw new IllegalArgumentException(
          "predictions: the model gives %d outputs but the dataset has %d classes"
              .formatted(z.length, classNames.size()));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double[] p = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    List<Guess> guesses = new ArrayList<>();
    for (int i = 0; i < z.length; i++) {
      guesses.add(new Guess(i, classNames.get(i), p[i] / sum));
    }
    return guesses.stream()
        .sorted(Comparator.comparingDouble(Guess::probability).reversed())
        .limit(k)
        .toList();
  }

  /** {@code 7 98.2 %, 1 1.1 %, 9 0.3 %}. */
  public static String describe(List<Guess> guesses) {
    return guesses.stream()
        .map(g -> "%s %.1f %%".formatted(g.className(), 100 * g.probability()))
        .collect(Collectors.joining(", "));
  }
}
