package org.convnet4j.cli.report;

import java.util.List;

/**
 * A table of text cells, for the terminal ({@link TextTable}) or the report ({@link HtmlPage}).
 *
 * @param header column titles
 * @param rows the cells, each row as long as the header
 */
public record Table(List<String> header, List<List<String>> rows) {

  public Table {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "table: a row has %d cells for %d columns".formatted(row.size(), header.size()));
      }
    }
  }
}
