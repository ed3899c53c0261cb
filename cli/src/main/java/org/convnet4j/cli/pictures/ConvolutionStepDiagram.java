package org.convnet4j.cli.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.convnet4j.Padding;
import org.convnet4j.tensor.AxisGeometry;

/**
 * The picture the tutorial keeps pointing at: one convolution step drawn for each padding, side by
 * side. Each panel shows the padded input grid (zero cells shaded), the first window filled and the
 * next one along the row dashed (the stride), a dot where every window falls, the output grid with
 * the cells those two windows produce, and the output-size arithmetic.
 */
public final class ConvolutionStepDiagram {

  /** Largest padded input side drawn; beyond it the cells would be too small to read. */
  static final int MAX_CELLS = 64;

  static final Color PAD_CELL = new Color(0xdd, 0xdd, 0xdd);
  static final Color FIRST_WINDOW = new Color(0x1f, 0x77, 0xb4);
  static final Color NEXT_WINDOW = new Color(0xff, 0x7f, 0x0e);

  private static final int MARGIN = 24;
  private static final int GAP = 48;
  private static final int LINE = 24;
  private static final Color GRID_LINE = new Color(0xaa, 0xaa, 0xaa);

  /** One padding's geometry along both axes, or why there is none. */
  private record Panel(
      String title, Padding padding, AxisGeometry rows, AxisGeometry cols, String error) {}

  private final int height;
  private final int width;
  private final int channels;
  private final List<Panel> panels = new ArrayList<>();
  private final int cell;

  /**
   * A diagram for input {@code height x width x channels}, filter {@code kh x kw} and the given
   * strides, with one panel per padding.
   *
   * @throws IllegalArgumentException if a padded input is larger than {@value #MAX_CELLS} cells
   */
  public ConvolutionStepDiagram(int[] input, int[] filter, int[] strides, List<Padding> paddings) {
    this.height = input[0];
    this.width = input[1];
    this.channels = input[2];
    int largest = 0;
    for (Padding padding : paddings) {
      Panel panel = panel(padding, filter, strides);
      panels.add(panel);
      if (panel.error() == null) {
        largest = Math.max(largest, paddedSize(panel.rows()));
        largest = Math.max(largest, paddedSize(panel.cols()));
      }
    }
    if (largest > MAX_CELLS) {
      throw new IllegalArgumentException(
          "visualize --shape: draws padded inputs up to %d cells a side, this one has %d"
              .formatted(MAX_CELLS, largest));
    }
    this.cell = Math.clamp(520 / Math.max(largest, 1), 8, 44);
  }

  private Panel panel(Padding padding, int[] filter, int[] strides) {
    String title =
        switch (padding) {
          case Padding.Same ignored -> "SAME padding";
          case Padding.Valid ignored -> "VALID padding";
          case Padding.Explicit ignored -> "explicit padding " + padding;
        };
    try {
      return new Panel(
          title,
          padding,
          padding.height(height, filter[0], strides[0]),
          padding.width(width, filter[1], strides[1]),
          null);
    } catch (IllegalArgumentException e) {
      return new Panel(title, padding, null, null, e.getMessage());
    }
  }

  private static int paddedSize(AxisGeometry axis) {
    return axis.padBefore() + axis.in() + axis.padAfter();
  }

  /** Draws the panels side by side. */
  public BufferedImage draw() {
    int imageHeight = 0;
    for (Panel panel : panels) {
      imageHeight = Math.max(imageHeight, panelHeight(panel));
    }
    BufferedImage image = Pictures.canvas(panelLeft(panels.size()), imageHeight + 2 * MARGIN);
    Graphics2D g = Pictures.graphics(image);
    for (int i = 0; i < panels.size(); i++) {
      drawPanel(g, panels.get(i), panelLeft(i), MARGIN);
    }
    g.dispose();
    return image;
  }

  /** Left edge of panel {@code index}; for {@code index == panels} the image width. */
  int panelLeft(int index) {
    int left = MARGIN;
    for (int i = 0; i < index; i++) {
      left += panelWidth(panels.get(i)) + 2 * MARGIN;
    }
    return left;
  }

  /** Top-left pixel of padded-input cell {@code (row, col)} of the panel at {@code panelLeft}. */
  int[] inputCellOrigin(int panelLeft, int row, int col) {
    return new int[] {panelLeft + col * cell, gridTop() + row * cell};
  }

  private static int gridTop() {
    return MARGIN + 3 * LINE;
  }

  private int panelWidth(Panel panel) {
    int width = Pictures.textWidth(Pictures.TITLE, panel.title());
    for (String line : caption(panel)) {
      width = Math.max(width, Pictures.textWidth(Pictures.TEXT, line));
    }
    if (panel.error() == null) {
      width = Math.max(width, (paddedSize(panel.cols()) + panel.cols().out()) * cell + GAP);
    }
    return width;
  }

  private int panelHeight(Panel panel) {
    int grids = panel.error() == null ? paddedSize(panel.rows()) * cell : 0;
    return gridTop() - MARGIN + grids + (caption(panel).size() + 1) * LINE;
  }

  private void drawPanel(Graphics2D g, Panel panel, int left, int top) {
    g.setFont(Pictures.TITLE);
    g.setColor(Pictures.INK);
    g.drawString(panel.title(), left, top + LINE);
    int y = top + 2 * LINE;
    if (panel.error() == null) {
      AxisGeometry rows = panel.rows();
      AxisGeometry cols = panel.cols();
      g.setFont(Pictures.SMALL);
      g.drawString(
          "padded input %dx%d".formatted(paddedSize(rows), paddedSize(cols)), left, y + 16);
      int outputLeft = left + paddedSize(cols) * cell + GAP;
      g.drawString("output %dx%d".formatted(rows.out(), cols.out()), outputLeft, y + 16);
      y += LINE;
      drawInput(g, rows, cols, left, y);
      drawOutput(g, rows.out(), cols.out(), outputLeft, y);
      y += paddedSize(rows) * cell;
    }
    g.setFont(Pictures.TEXT);
    g.setColor(Pictures.INK);
    for (String line : caption(panel)) {
      y += LINE;
      g.drawString(line, left, y);
    }
  }

  private void drawInput(Graphics2D g, AxisGeometry rows, AxisGeometry cols, int left, int top) {
    for (int r = 0; r < paddedSize(rows); r++) {
      for (int c = 0; c < paddedSize(cols); c++) {
        boolean pad =
            r < rows.padBefore()
                || r >= rows.padBefore() + rows.in()
                || c < cols.padBefore()
                || c >= cols.padBefore() + cols.in();
        int x = left + c * cell;
        int y = top + r * cell;
        g.setColor(pad ? PAD_CELL : Color.WHITE);
        g.fillRect(x, y, cell, cell);
        g.setColor(GRID_LINE);
        g.drawRect(x, y, cell, cell);
        if (pad && cell >= 20) {
          g.setFont(Pictures.SMALL);
          g.setColor(Color.GRAY);
          g.drawString("0", x + cell / 2 - 4, y + cell / 2 + 5);
        }
      }
    }
    // The window of output (0, 0), and the one a stride further along the row.
    int windowWidth = cols.window() * cell;
    int windowHeight = rows.window() * cell;
    g.setColor(translucent(FIRST_WINDOW));
    g.fillRect(left, top, windowWidth, windowHeight);
    g.setColor(FIRST_WINDOW);
    g.setStroke(new BasicStroke(3));
    g.drawRect(left, top, windowWidth, windowHeight);
    if (cols.out() > 1) {
      g.setColor(NEXT_WINDOW);
      g.setStroke(dashed());
      g.drawRect(left + cols.stride() * cell, top, windowWidth, windowHeight);
    }
    g.setStroke(new BasicStroke(1));
    // Where every window falls: a dot at its centre.
    int dot = Math.max(4, cell / 5);
    g.setColor(FIRST_WINDOW.darker());
    for (int oy = 0; oy < rows.out(); oy++) {
      for (int ox = 0; ox < cols.out(); ox++) {
        int cx = left + ox * cols.stride() * cell + windowWidth / 2;
        int cy = top + oy * rows.stride() * cell + windowHeight / 2;
        g.fillOval(cx - dot / 2, cy - dot / 2, dot, dot);
      }
    }
  }

  private void drawOutput(Graphics2D g, int outRows, int outCols, int left, int top) {
    for (int r = 0; r < outRows; r++) {
      for (int c = 0; c < outCols; c++) {
        int x = left + c * cell;
        int y = top + r * cell;
        Color fill = Color.WHITE;
        if (r == 0 && c == 0) {
          fill = translucent(FIRST_WINDOW);
        } else if (r == 0 && c == 1) {
          fill = translucent(NEXT_WINDOW);
        }
        g.setColor(fill);
        g.fillRect(x, y, cell, cell);
        g.setColor(GRID_LINE);
        g.drawRect(x, y, cell, cell);
      }
    }
  }

  private List<String> caption(Panel panel) {
    List<String> lines = new ArrayList<>();
    if (panel.error() != null) {
      lines.add("no output: " + panel.error().replaceFirst("^[^:]*: ", ""));
      return lines;
    }
    AxisGeometry rows = panel.rows();
    AxisGeometry cols = panel.cols();
    lines.add(
        "input %dx%dx%d, filter %dx%d, stride %s"
            .formatted(
                height,
                width,
                channels,
                rows.window(),
                cols.window(),
                rows.stride() == cols.stride()
                    ? rows.stride() + ""
                    : rows.stride() + "x" + cols.stride()));
    lines.add(
        "zero padding: top %d, bottom %d, left %d, right %d"
            .formatted(rows.padBefore(), rows.padAfter(), cols.padBefore(), cols.padAfter()));
    if (rows.equals(cols)) {
      lines.add("height and width: " + formula(panel.padding(), rows));
    } else {
      lines.add("height: " + formula(panel.padding(), rows));
      lines.add("width: " + formula(panel.padding(), cols));
    }
    lines.add("output %dx%d per filter".formatted(rows.out(), cols.out()));
    lines.add("filled: the window of output (0, 0); dashed: one stride on, output (0, 1)");
    lines.add("dots: the centre of every window, one per output cell");
    return lines;
  }

  /** The tutorial's output-size formula for this padding, with the numbers put in. */
  static String formula(Padding padding, AxisGeometry axis) {
    return switch (padding) {
      case Padding.Same ignored ->
          "ceil(%d / %d) = %d".formatted(axis.in(), axis.stride(), axis.out());
      case Padding.Valid ignored ->
          "ceil((%d - %d + 1) / %d) = %d"
              .formatted(axis.in(), axis.window(), axis.stride(), axis.out());
      case Padding.Explicit ignored ->
          "floor((%d - %d + %d + %d) / %d) + 1 = %d"
              .formatted(
                  axis.in(),
                  axis.window(),
                  axis.padBefore(),
                  axis.padAfter(),
                  axis.stride(),
                  axis.out());
    };
  }

  private static Color translucent(Color color) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), 90);
  }

  private static Stroke dashed() {
    return new BasicStroke(
        3, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0);
  }
}
