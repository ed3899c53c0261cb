package org.convnet4j.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code key=value} pairs after a schedule's name; each must be used once. */
final class ScheduleText {
  private final String schedule;
  private final Map<String, String> values = new LinkedHashMap<>();

  ScheduleText(String schedule, String text) {
    this.schedule = schedule;
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "schedule %s: expected key=value, got '%s'".formatted(schedule, pair.trim()));
      }
      values.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1));
    }
  }

  double number(String key, double fallback) {
    String v = values.remove(key);
    return v == null ? fallback : parseNumber(key, v);
  }

  double[] numbers(String key) {
    String v = values.remove(key);
    if (v == null) {
      throw new IllegalArgumentException("schedule %s: %s= is required".formatted(schedule, key));
    }
    return Arrays.stream(v.split(";")).mapToDouble(s -> parseNumber(key, s)).toArray();
  }

  boolean flag(String key, boolean fallback) {
    String v = values.remove(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "schedule %s: %s must be true or false, got '%s'".formatted(schedule, key, v));
    };
  }

  void requireAllUsed() {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          "schedule %s: unknown option %s".formatted(schedule, values.keySet()));
    }
  }

  private double parseNumber(String key, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "schedule %s: %s must be a number, got '%s'".formatted(schedule, key, v.trim()), e);
    }
  }
}
