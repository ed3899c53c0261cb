package org.convnet4j.cli.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convnet4j.internal.AtomicFiles;

/** What the Java2D pictures share: fonts, a white canvas with smooth edges, PNG output. */
public final class Pictures {

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Color INK = new Color(0x22, 0x22, 0x22);

  private Pictures() {}

  /** A white RGB canvas. */
  static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** Graphics on {@code image} with antialiased shapes and text, drawing in {@link #INK}. */
  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(INK);
    return g;
  }

  /** Width of {@code text} in {@code font}, for layout before drawing. */
  static int textWidth(Font font, String text) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    int width = g.getFontMetrics(font).stringWidth(text);
    g.dispose();
    return width;
  }

  /** Writes {@code image} as a PNG file, atomically. */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException(file + ": no PNG writer in this JVM");
          }
        });
  }
}
