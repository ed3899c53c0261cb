package org.convnet4j.data;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.convnet4j.data.ImageFolderLayout.ImageFile;
import org.convnet4j.data.ImageFolderLayout.Part;
import org.convnet4j.internal.AtomicFiles;

/**
 * Decoded image folders kept in the per-user cache ({@code image-folders/} in {@link
 * DatasetLoader#defaultCacheDir()}), so that a second run reads one file instead of decoding every
 * image again. Nothing is ever written into the image folder itself.
 *
 * <p>One cache file per folder of class folders and image size: its name is a hash of the folder's
 * absolute path, the size and the channels, so a changed folder replaces its old entry instead of
 * adding one. Inside, a key (the SHA-256 of every image's name, class, size in bytes and
 * modification time, and of the image size and channels) says whether the entry still holds the
 * folder's content; a file added, removed, renamed, rewritten or touched changes the key, and the
 * folder is decoded again.
 *
 * <h2>File format, version 1</h2>
 *
 * Big-endian, written to a temporary file and renamed into place:
 *
 * <pre>
 * magic "C4J-IMGS", int32 version 1, string key (modified UTF-8, 2-byte length)
 * int32 height, width, channels, count; byte 1 (values stored as uint8) or 4 (float32)
 * count x int32 label; count x height x width x channels values
 * int32 skipped, then skipped x (string file, string problem)
 * int32 CRC-32C of everything before it
 * </pre>
 *
 * Values are stored as bytes when every one is a whole number (no resizing blended pixels), else as
 * float32; both give back exactly the decoded values. A damaged or unreadable entry is ignored and
 * replaced.
 */
final class DecodedImageCache {

  static final String FOLDER = "image-folders";
  private static final byte[] MAGIC = "C4J-IMGS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final Path dir;

  /** The cache in {@code root}'s {@value #FOLDER} folder. */
  DecodedImageCache(Path root) {
    this.dir = root.resolve(FOLDER);
  }

  /** The cache entry of {@code part} at this size. */
  Path fileFor(Part part, int height, int width, int channels) {
    String identity =
        part.dir().toAbsolutePath().normalize() + "\n" + height + "x" + width + "x" + channels;
    return dir.resolve(sha256(identity).substring(0, 32) + ".images");
  }

  /** The key of {@code part}'s current content at this size. */
  static String contentKey(Part part, int height, int width, int channels) {
    StringBuilder s =
        new StringBuilder("v%d %dx%dx%d\n".formatted(VERSION, height, width, channels));
    for (ImageFile f : part.files()) {
      s.append(f.label())
          .append(' ')
          .append(f.size())
          .append(' ')
          .append(f.modifiedNanos())
          .append(' ')
          .append(f.name())
          .append('\n');
    }
    return sha256(s.toString());
  }

  /** The entry in {@code file} if it holds {@code key}'s content, else {@code null}. */
  static DecodedImages read(Path file, String key) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException missingOrUnreadable) {
      return null;
    }
    try {
      return parse(bytes, key);
    } catch (IOException | RuntimeException damaged) {
      // a truncated or damaged entry: decode again and replace it
      return null;
    }
  }

  private static DecodedImages parse(byte[] bytes, String key) throws IOException {
    int body = bytes.length - Integer.BYTES;
    if (body < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, body);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(body)) {
      return null;
    }
    DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, body - MAGIC.length));
    if (in.readInt() != VERSION || !key.equals(in.readUTF())) {
      return null;
    }
    int height = in.readInt();
    int width = in.readInt();
    int channels = in.readInt();
    int count = in.readInt();
    byte type = in.readByte();
    if (height < 1
        || width < 1
        || channels < 1
        || count < 0
        || (long) count * ((long) height * width * channels + Integer.BYTES) > body) {
      return null;
    }
    int[] labels = new int[count];
    ByteBuffer.wrap(readBytes(in, count * Integer.BYTES)).asIntBuffer().get(labels);
    float[] values = new float[Math.multiplyExact(count, height * width * channels)];
    if (type == 1) {
      byte[] stored = readBytes(in, values.length);
      for (int i = 0; i < values.length; i++) {
        values[i] = Byte.toUnsignedInt(stored[i]);
      }
    } else {
      ByteBuffer.wrap(readBytes(in, values.length * Float.BYTES)).asFloatBuffer().get(values);
    }
    int skippedCount = in.readInt();
    List<DecodedImages.Skipped> skipped = new ArrayList<>();
    for (int i = 0; i < skippedCount; i++) {
      skipped.add(new DecodedImages.Skipped(in.readUTF(), in.readUTF()));
    }
    return new DecodedImages(height, width, channels, values, labels, skipped);
  }

  private static byte[] readBytes(DataInputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Writes {@code images} into {@code file} under {@code key}, atomically. */
  static void write(Path file, String key, DecodedImages images) throws IOException {
    boolean whole = allWholeBytes(images.values());
    AtomicFiles.write(
        file,
        raw -> {
          CRC32C crc = new CRC32C();
          CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
          out.write(MAGIC);
          out.writeInt(VERSION);
          out.writeUTF(key);
          out.writeInt(images.height());
          out.writeInt(images.width());
          out.writeInt(images.channels());
          out.writeInt(images.count());
          out.writeByte(whole ? 1 : 4);
          for (int label : images.labels()) {
            out.writeInt(label);
          }
          writeValues(out, images.values(), whole);
          out.writeInt(images.skipped().size());
          for (DecodedImages.Skipped s : images.skipped()) {
            out.writeUTF(s.file());
            out.writeUTF(s.problem());
          }
          out.flush();
          new DataOutputStream(raw).writeInt((int) crc.getValue());
        });
  }

  private static void writeValues(DataOutputStream out, float[] values, boolean whole)
      throws IOException {
    int chunk = 1 << 14;
    ByteBuffer buffer = ByteBuffer.allocate(chunk * Float.BYTES);
    for (int from = 0; from < values.length; from += chunk) {
      int to = Math.min(from + chunk, values.length);
      buffer.clear();
      for (int i = from; i < to; i++) {
        if (whole) {
          buffer.put((byte) values[i]);
        } else {
          buffer.putFloat(values[i]);
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  private static boolean allWholeBytes(float[] values) {
    for (float v : values) {
      if (v != (int) v || v < 0 || v > 255) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
