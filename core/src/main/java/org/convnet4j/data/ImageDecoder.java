package org.convnet4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads one PNG, JPEG, BMP or GIF file (the first frame of a GIF) into pixel values {@code 0..255}
 * with 1 or 3 channels, with {@code javax.imageio} and nothing else.
 *
 * <p>Damaged files are refused with a {@link BadImageException} naming the file, never another
 * exception: the dimensions in the header are checked before any pixel is decoded (a corrupt header
 * can announce billions of pixels, and ImageIO would allocate them), every exception of the decoder
 * becomes that message, and so does a decoder's warning (the JPEG reader only warns about a file
 * that ends early, and returns the part it read).
 *
 * <p>Channels: colour to grey with ITU-R BT.601's weights, {@code round(0.299 R + 0.587 G + 0.114
 * B)}, which libjpeg and TensorFlow's {@code rgb_to_grayscale} use (TensorFlow's PNG decoder uses
 * libpng's slightly different weights); grey to colour by repeating the value. An alpha channel is
 * dropped, as TensorFlow's {@code decode_image(channels=3)} drops it; 16-bit grey is scaled to 8
 * bits.
 */
final class ImageDecoder {

  /** The file name extensions read, lower case, as Keras' {@code ALLOWLIST_FORMATS}. */
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /** The most pixels an image may have: 64 Mi, a 8192 x 8192 picture. */
  static final long MAX_PIXELS = 1L << 26;

  /**
   * One decoded image.
   *
   * @param values {@code [height, width, channels]}, each {@code 0..255}
   */
  record Pixels(int height, int width, int channels, float[] values) {}

  private ImageDecoder() {}

  /** Whether {@code fileName} ends in one of {@link #EXTENSIONS}, in any case. */
  static boolean isImageName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Decodes {@code file}.
   *
   * @param channels 1 or 3, or 0 for the file's own: 1 if it is grey, else 3
   * @throws BadImageException if it cannot be read or decoded, or is too large
   */
  static Pixels decode(Path file, int channels) throws BadImageException {
    return pixelsOf(read(file), channels);
  }

  /**
   * Decodes {@code file} into an image as ImageIO gives it, with the checks of this class.
   *
   * @throws BadImageException if it cannot be read or decoded, or is too large
   */
  static BufferedImage read(Path file) throws BadImageException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadImageException(file, "cannot be read: " + describe(e));
    }
    requireComplete(file, bytes);
    return decodeBytes(file, bytes);
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * Refuses PNG, GIF and BMP files that end early, which their decoders may take without a word (a
   * PNG whose zlib stream has lost only its checksum decodes in full, a GIF decoder fills what is
   * missing): a PNG's chunks must run to its {@code IEND} chunk, a GIF must end with its trailer
   * byte {@code 0x3B}, a BMP must be as long as its header says. A JPEG that ends early makes its
   * decoder warn, which {@link #decodeBytes} treats as an error.
   */
  private static void requireComplete(Path file, byte[] b) throws BadImageException {
    if (startsWith(b, PNG_SIGNATURE)) {
      long at = PNG_SIGNATURE.length;
      while (true) {
        if (at + 8 > b.length) {
          throw new BadImageException(file, "is truncated: the PNG ends before its IEND chunk");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(b, (int) at, 4).getInt());
        boolean end =
            b[(int) at + 4] == 'I'
                && b[(int) at + 5] == 'E'
                && b[(int) at + 6] == 'N'
                && b[(int) at + 7] == 'D';
        at += 12 + length; // length, type, data, CRC
        if (end) {
          if (at > b.length) {
            throw new BadImageException(file, "is truncated: the PNG ends inside its IEND chunk");
          }
          return;
        }
      }
    }
    if (startsWith(b, new byte[] {'G', 'I', 'F', '8'}) && b[b.length - 1] != 0x3b) {
      throw new BadImageException(file, "is truncated: the GIF does not end with its trailer");
    }
    if (startsWith(b, new byte[] {'B', 'M'}) && b.length >= 6) {
      long declared =
          Integer.toUnsignedLong(ByteBuffer.wrap(b, 2, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
      if (declared > b.length) {
        throw new BadImageException(
            file,
            "is truncated: the BMP header says %,d bytes, the file has %,d"
                .formatted(declared, b.length));
      }
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static BufferedImage decodeBytes(Path file, byte[] bytes) throws BadImageException {
    // From memory: ImageIO's default stream would cache a file stream in a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadImageException(
            file, "is not a PNG, JPEG, BMP or GIF image (no decoder recognises its content)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
          throw new BadImageException(
              file,
              "is damaged or too large: its header says %dx%d pixels, the limit is %,d pixels"
                  .formatted(width, height, MAX_PIXELS));
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new BadImageException(
              file, "is damaged or truncated (%s)".formatted(oneLine(warnings.getFirst())));
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (BadImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders throw IIOException, EOFException, but also IndexOutOfBounds, NegativeArraySize,
      // IllegalArgument and IllegalState exceptions on corrupt content: all mean a damaged file.
      throw new BadImageException(file, "is damaged or truncated (%s)".formatted(describe(e)));
    }
  }

  /** The image's pixels with {@code channels} channels (0: its own, 1 if grey, else 3). */
  static Pixels pixelsOf(BufferedImage image, int channels) {
    int width = image.getWidth();
    int height = image.getHeight();
    ColorModel model = image.getColorModel();
    boolean grey = model.getNumColorComponents() == 1 && !(model instanceof IndexColorModel);
    int outChannels = channels == 0 ? (grey ? 1 : 3) : channels;
    float[] values = new float[height * width * outChannels];
    if (grey) {
      // The raster's own samples: getRGB would pass a linear grey through an sRGB conversion.
      Raster raster = image.getRaster();
      int bits = model.getComponentSize(0);
      int max = (1 << bits) - 1;
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) {
          int v = bits == 8 ? row[x] : (int) ((row[x] * 255L + max / 2) / max);
          for (int c = 0; c < outChannels; c++) {
            values[(y * width + x) * outChannels + c] = v;
          }
        }
      }
    } else {
      int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
      for (int i = 0; i < argb.length; i++) {
        int r = (argb[i] >> 16) & 0xff;
        int g = (argb[i] >> 8) & 0xff;
        int b = argb[i] & 0xff;
        if (outChannels == 1) {
          values[i] = (299 * r + 587 * g + 114 * b + 500) / 1000;
        } else {
          values[3 * i] = r;
          values[3 * i + 1] = g;
          values[3 * i + 2] = b;
        }
      }
    }
    return new Pixels(height, width, outChannels, values);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + oneLine(message);
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
