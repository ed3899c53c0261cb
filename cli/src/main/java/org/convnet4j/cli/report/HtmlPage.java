package org.convnet4j.cli.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A self-contained HTML page built section by section: every text is escaped, every image is
 * embedded as a {@code data:} URI, and nothing links outside the page, so it opens offline. Empty
 * elements are closed ({@code <img/>}) so the page is well-formed XML as well, which lets a test
 * parse it with the JDK's XML parser.
 */
public final class HtmlPage {

  private static final String STYLE =
      """
      body { font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #222;
             line-height: 1.4; padding: 0 1em; }
      h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.8em; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
      th { background: #f2f2f2; text-align: left; }
      td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
      td.hit { background: #dcebf7; font-weight: bold; }
      tr.total td { font-weight: bold; border-top: 2px solid #888; }
      img { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
      .figure { font-size: 1.6em; font-weight: bold; }
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** Escapes text for use in element content and in double-quoted attribute values. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A large figure, like the test accuracy, with a line of explanation after it. */
  HtmlPage figure(String value, String explanation) {
    body.append("<p><span class=\"figure\">")
        .append(escape(value))
        .append("</span> ")
        .append(escape(explanation))
        .append("</p>\n");
    return this;
  }

  /** A PNG image embedded in the page. */
  HtmlPage image(BufferedImage image, String description) {
    body.append("<img alt=\"")
        .append(escape(description))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png(image)))
        .append("\"/>\n");
    return this;
  }

  /**
   * A table. Cells that parse as numbers are right-aligned; {@code highlighted} cells (row, column
   * pairs, or null) get the {@code hit} style; a row whose first cell is {@code total} is set
   * apart.
   */
  HtmlPage table(Table table, boolean[][] highlighted) {
    List<List<String>> rows = table.rows();
    body.append("<table>\n<tr>");
    for (String cell : table.header()) {
      body.append("<th>").append(escape(cell)).append("</th>");
    }
    body.append("</tr>\n");
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      body.append(row.getFirst().equalsIgnoreCase("total") ? "<tr class=\"total\">" : "<tr>");
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        String style = highlighted != null && highlighted[r][c] ? "number hit" : "number";
        body.append(isNumber(cell) ? "<td class=\"" + style + "\">" : "<td>")
            .append(escape(cell))
            .append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A two-column table of names and values, all text, left-aligned. */
  HtmlPage keyValueTable(Map<String, String> entries) {
    body.append("<table>\n");
    entries.forEach(
        (key, value) ->
            body.append("<tr><th>")
                .append(escape(key))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n"));
    body.append("</table>\n");
    return this;
  }

  /** The whole page, ready to be written to a file. */
  String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + STYLE
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  // "1,234", "99.21 %", "-0.5" are numbers for alignment; "conv2d_1" is not.
  private static boolean isNumber(String cell) {
    return cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( ?%)?");
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding an image for the report", e);
    }
    return bytes.toByteArray();
  }
}
