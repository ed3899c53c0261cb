package org.convnet4j.cli.report;

import java.util.ArrayList;
import java.util.List;

/** A table for the terminal: columns padded to their widest cell, numbers aligned right. */
public final class TextTable {

  private TextTable() {}

  public static String format(Table table) {
    List<List<String>> all = new ArrayList<>();
    all.add(table.header());
    all.addAll(table.rows());
    int[] widths = new int[table.header().size()];
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      List<String> row = all.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        // The first column holds names; the others hold numbers, right-aligned.
        String padded = c == 0 ? padRight(cell, widths[c]) : padLeft(cell, widths[c]);
        line.append(c == 0 ? "" : "  ").append(padded);
      }
      text.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = widths.length * 2 - 2;
        for (int width : widths) {
          total += width;
        }
        text.append("-".repeat(total)).append('\n');
      }
    }
    return text.toString();
  }

  private static String padRight(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
