package org.convnet4j.train.translation;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Looks up a network or regime by its option name. */
final class CliNames {

  private CliNames() {}

  /**
   * The value among {@code values} whose {@code cliName} is {@code name}; otherwise an error that
   * lists every name, built from {@code values} so it cannot fall behind a new network or regime.
   */
  static <E> E parse(String what, E[] values, Function<E, String> cliName, String name) {
    for (E value : values) {
      if (cliName.apply(value).equals(name)) {
        return value;
      }
    }
    List<String> names = Arrays.stream(values).map(cliName).toList();
    String expected =
        String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    throw new IllegalArgumentException(
        "%s: expected %s, got '%s'".formatted(what, expected, name));
  }
}
