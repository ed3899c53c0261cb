import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;
import org.convnet4j.data.IdxImages;
import org.convnet4j.data.IdxReader;

/**
 * Writes MNIST or Fashion-MNIST, from the IDX files in convnet4j's cache, as folders of PNG images
 * that {@code convnet4j train --data} reads: {@code OUT/train/<class>/<index>.png} for the 60,000
 * training images and {@code OUT/test/<class>/<index>.png} for the 10,000 test images, where index
 * is the image's place in its IDX file.
 *
 * <pre>
 * java -cp convnet4j.jar WriteImageFolders.java grey mnist|fashion-mnist OUT
 *     28x28 grey, exactly the IDX pixels; class folders 0 to 9
 * java -cp convnet4j.jar WriteImageFolders.java colour fashion-mnist OUT SEED
 *     32x32 colour: each item (centred, 2 pixels of border) tinted with a random colour on a
 *     random background colour, the two at least a third of the range apart in luminance;
 *     class folders 0-T-shirt-top, 1-Trouser, ... (label order = sorted order)
 * </pre>
 *
 * The random colours come from the seed and the image's index alone, so the same seed writes the
 * same files on any machine and thread count. Run it through scripts/mnist-to-png.sh or
 * scripts/colour-fashion-mnist.sh.
 */
public final class WriteImageFolders {

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || !List.of("grey", "colour").contains(args[0])) {
      System.err.println(
          "usage: WriteImageFolders grey mnist|fashion-mnist OUT | colour fashion-mnist OUT SEED");
      System.exit(2);
    }
    boolean colour = args[0].equals("colour");
    Dataset dataset = Dataset.parse(args[1]);
    Path out = Path.of(args[2]);
    long seed = colour ? Long.parseLong(args[3]) : 0;
    requireNewOrEmpty(out);
    DatasetLoader.load(dataset, null, System.err::println); // fetches into the cache if needed
    Path cache = DatasetLoader.defaultCacheDir().resolve(dataset.cliName());
    String gz = dataset == Dataset.FASHION_MNIST ? ".gz" : "";
    long start = System.nanoTime();
    int written =
        write(cache, "train", gz, dataset, out.resolve("train"), colour, seed)
            + write(cache, "t10k", gz, dataset, out.resolve("test"), colour, seed + 1);
    System.out.printf(
        "wrote %,d PNG images into %s in %.1f s%n",
        written, out, (System.nanoTime() - start) / 1e9);
  }

  private static int write(
      Path cache, String prefix, String gz, Dataset dataset, Path dir, boolean colour, long seed)
      throws IOException {
    IdxImages images = IdxReader.readImages(cache.resolve(prefix + "-images-idx3-ubyte" + gz));
    int[] labels =
        IdxReader.readLabels(
            cache.resolve(prefix + "-labels-idx1-ubyte" + gz), dataset.numClasses());
    List<String> folders =
        IntStream.range(0, dataset.numClasses())
            .mapToObj(
                k -> colour ? k + "-" + dataset.classNames().get(k).replace('/', '-') : "" + k)
            .toList();
    for (String folder : folders) {
      Files.createDirectories(dir.resolve(folder));
    }
    IntStream.range(0, images.count())
        .parallel()
        .forEach(
            i -> {
              BufferedImage image = colour ? tinted(images, i, seed) : grey(images, i);
              Path file = dir.resolve(folders.get(labels[i])).resolve("%05d.png".formatted(i));
              try {
                ImageIO.write(image, "png", file.toFile());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return images.count();
  }

  private static BufferedImage grey(IdxImages images, int i) {
    BufferedImage image =
        new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
    int offset = i * images.pixelsPerImage();
    for (int y = 0; y < images.rows(); y++) {
      for (int x = 0; x < images.cols(); x++) {
        image
            .getRaster()
            .setSample(
                x, y, 0, Byte.toUnsignedInt(images.pixels()[offset + y * images.cols() + x]));
      }
    }
    return image;
  }

  private static final int SIDE = 32;

  private static BufferedImage tinted(IdxImages images, int i, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    int[] background = randomColour(random);
    int[] tint = randomColour(random);
    while (Math.abs(luminance(tint) - luminance(background)) < 255 / 3.0) {
      tint = randomColour(random);
    }
    BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    int border = (SIDE - images.cols()) / 2;
    int offset = i * images.pixelsPerImage();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int iy = y - border;
        int ix = x - border;
        double ink =
            iy >= 0 && iy < images.rows() && ix >= 0 && ix < images.cols()
                ? Byte.toUnsignedInt(images.pixels()[offset + iy * images.cols() + ix]) / 255.0
                : 0;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          int v = (int) Math.round(background[c] * (1 - ink) + tint[c] * ink);
          rgb = rgb << 8 | v;
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static int[] randomColour(SplittableRandom random) {
    return new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
  }

  private static double luminance(int[] rgb) {
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
  }

  private static void requireNewOrEmpty(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          System.err.println("WriteImageFolders: " + out + " is not empty; name a new folder");
          System.exit(2);
        }
      }
    } else if (Files.exists(out)) {
      System.err.println("WriteImageFolders: " + out + " is a file, not a folder");
      System.exit(2);
    }
  }
}
