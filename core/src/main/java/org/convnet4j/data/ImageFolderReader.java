package org.convnet4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.convnet4j.Tensor;
import org.convnet4j.data.ImageFolderLayout.ImageFile;
import org.convnet4j.data.ImageFolderLayout.Part;
import org.convnet4j.kernels.Parallelism;
import org.convnet4j.internal.TensorAccess;

/**
 * Reads a folder of images into {@link DataSets}, with the semantics of Keras' {@code
 * image_dataset_from_directory}:
 *
 * <pre>
 * DIR/cat/001.png, DIR/cat/002.jpg, DIR/dog/a.bmp, ...                 one subfolder per class
 * DIR/train/cat/..., DIR/train/dog/..., DIR/test/cat/..., DIR/test/dog/...,
 *   and optionally DIR/validation/cat/..., DIR/validation/dog/...     the same classes in each
 * </pre>
 *
 * <p>Class names are the sorted folder names, class {@code i} the {@code i}-th. Images are PNG,
 * JPEG, BMP or GIF, grey or colour, any size; each is converted to the spec's channels, resized to
 * its height and width with TensorFlow's bilinear resize (half-pixel centres, no antialiasing, as
 * Keras does; see {@link #readImage}) and scaled to {@code [0, 1]}. Without {@code validation/},
 * the spec's {@code validationSplit} of every class of {@code train/} (or of {@code DIR}) is held
 * out for validation, chosen by the seed; without {@code test/}, as much again is held out for the
 * test split, and {@link ImageFolderData#notes()} says so.
 *
 * <p>Decoding runs once, on the threads the kernels use ({@link Parallelism#threads()}, which
 * {@code --threads} and {@code TrainingConfig.threads()} set), or on as many as {@link #read(Path,
 * ImageFolderSpec, long, Path, Consumer, int)} is given: the decoded images are kept in the per-user cache (see
 * {@link DatasetLoader#defaultCacheDir()}), keyed by the files' names, sizes and modification times
 * and the image size, so the next read of an unchanged folder decodes nothing. Nothing is written
 * into the image folder.
 *
 * <pre>{@code
 * ImageFolderData photos =
 *     ImageFolderReader.read(
 *         Path.of("photos"), ImageFolderSpec.defaults().withImageSize(32, 32).withChannels(3), 42);
 * DataSets data = photos.data();            // train, validation, test, class names
 * }</pre>
 */
public final class ImageFolderReader {

  private static final float PIXEL_SCALE = 1.0f / 255.0f;

  private ImageFolderReader() {}

  /** {@link #read(Path, ImageFolderSpec, long, Path, Consumer)} with the default cache, quietly. */
  public static ImageFolderData read(Path dir, ImageFolderSpec spec, long seed) throws IOException {
    return read(dir, spec, seed, DatasetLoader.defaultCacheDir(), line -> {});
  }

  /**
   * {@link #read(Path, ImageFolderSpec, long, Path, Consumer, int)} decoding on the kernels'
   * threads ({@link Parallelism#threads()}).
   */
  public static ImageFolderData read(
      Path dir, ImageFolderSpec spec, long seed, Path cacheRoot, Consumer<String> progress)
      throws IOException {
    return read(dir, spec, seed, cacheRoot, progress, Parallelism.threads());
  }

  /**
   * Reads the image folder {@code dir}.
   *
   * @param spec image size and channels (0: the first image's), the fraction held out, whether
   *     damaged images are skipped, and the class names expected (empty: any)
   * @param seed chooses the held-out images
   * @param cacheRoot the per-user cache folder; decoded images go into its {@code image-folders/}
   * @param progress receives a line before decoding and one for each note
   * @param threads how many threads decode images, at least 1
   * @throws IOException naming the folder and the problem if its structure is wrong (no class
   *     folders, one class, an empty class folder, a folder inside a class folder, different
   *     classes in {@code train/} and {@code test/} or {@code validation/}, other classes than
   *     {@code spec}'s), or a {@link BadImageException} naming the first damaged image
   */
  public static ImageFolderData read(
      Path dir,
      ImageFolderSpec spec,
      long seed,
      Path cacheRoot,
      Consumer<String> progress,
      int threads)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected at least 1, got " + threads);
    }
    long scanStart = System.nanoTime();
    ImageFolderLayout layout = ImageFolderLayout.scan(dir);
    progress.accept(
        "found %,d images of %d classes in %s in %.2f s"
            .formatted(
                layout.imageCount(),
                layout.classNames().size(),
                dir,
                (System.nanoTime() - scanStart) / 1e9));
    if (!spec.classNames().isEmpty() && !spec.classNames().equals(layout.classNames())) {
      throw new IOException(
          "%s now holds the classes %s, but the model was trained on %s"
              .formatted(dir, layout.classNames(), spec.classNames()));
    }
    ImageFolderSpec resolved = resolve(spec, layout).withClassNames(layout.classNames());
    DecodedImageCache cache = new DecodedImageCache(cacheRoot);
    List<String> notes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    DecodedImages train = decodeOrLoad(layout.train(), resolved, threads, cache, progress, notes, skipped);
    DecodedImages validation =
        layout.validation() == null
            ? null
            : decodeOrLoad(layout.validation(), resolved, threads, cache, progress, notes, skipped);
    DecodedImages test =
        layout.test() == null
            ? null
            : decodeOrLoad(layout.test(), resolved, threads, cache, progress, notes, skipped);
    DataSets data = split(layout, resolved, seed, train, validation, test, notes, skipped.size());
    notes.forEach(progress);
    return new ImageFolderData(data, resolved, skipped, notes);
  }

  /**
   * Reads one image as training read the folder's: {@code channels} channels, resized to {@code
   * height x width} with TensorFlow's bilinear resize, scaled to {@code [0, 1]}.
   *
   * <p>Shapes: returns {@code [height, width, channels]}.
   *
   * @throws BadImageException naming the file if it cannot be read or decoded
   */
  public static Tensor readImage(Path file, int height, int width, int channels)
      throws BadImageException {
    ImageFolderSpec checked =
        ImageFolderSpec.defaults().withImageSize(height, width).withChannels(channels);
    ImageDecoder.Pixels pixels = ImageDecoder.decode(file, checked.channels());
    float[] values =
        BilinearResize.resize(
            pixels.values(), pixels.height(), pixels.width(), channels, height, width);
    for (int i = 0; i < values.length; i++) {
      values[i] *= PIXEL_SCALE;
    }
    return TensorAccess.wrap(values, height, width, channels);
  }

  /**
   * Decodes one PNG, JPEG, BMP or GIF file (a GIF's first frame) as the folder reader does, with
   * its checks: dimensions checked against a limit of 64 Mi pixels before any pixel is decoded, a
   * file that ends early or makes the decoder throw or warn refused.
   *
   * @throws BadImageException naming the file if it cannot be read or decoded
   */
  public static BufferedImage readPicture(Path file) throws BadImageException {
    return ImageDecoder.read(file);
  }

  // The first image decides what the spec leaves open, as Keras' image_size would be given.
  private static ImageFolderSpec resolve(ImageFolderSpec spec, ImageFolderLayout layout)
      throws BadImageException {
    if (spec.height() != 0 && spec.channels() != 0) {
      return spec;
    }
    ImageDecoder.Pixels first = null;
    BadImageException firstProblem = null;
    for (ImageFile f : layout.train().files()) {
      try {
        first = ImageDecoder.decode(f.path(), spec.channels());
        break;
      } catch (BadImageException e) {
        if (!spec.skipBadImages()) {
          throw e;
        }
        firstProblem = firstProblem == null ? e : firstProblem;
      }
    }
    if (first == null) {
      throw firstProblem;
    }
    ImageFolderSpec s = spec;
    if (s.height() == 0) {
      s = s.withImageSize(first.height(), first.width());
    }
    return s.channels() == 0 ? s.withChannels(first.channels()) : s;
  }

  private static DecodedImages decodeOrLoad(
      Part part,
      ImageFolderSpec spec,
      int threads,
      DecodedImageCache cache,
      Consumer<String> progress,
      List<String> notes,
      List<String> skipped)
      throws IOException {
    int h = spec.height();
    int w = spec.width();
    int c = spec.channels();
    Path cacheFile = cache.fileFor(part, h, w, c);
    String key = DecodedImageCache.contentKey(part, h, w, c);
    long start = System.nanoTime();
    DecodedImages images = DecodedImageCache.read(cacheFile, key);
    if (images != null) {
      notes.add(
          "read %,d decoded %dx%dx%d images of %s from the cache in %.2f s"
              .formatted(images.count(), h, w, c, part.dir(), (System.nanoTime() - start) / 1e9));
    } else {
      progress.accept(
          "decoding %,d images of %s to %dx%dx%d on %d thread%s"
              .formatted(
                  part.files().size(), part.dir(), h, w, c, threads, threads == 1 ? "" : "s"));
      images = decode(part, spec, threads);
      double seconds = (System.nanoTime() - start) / 1e9;
      DecodedImageCache.write(cacheFile, key, images);
      notes.add(
          "decoded %,d images of %s in %.1f s (%,.0f images/s); cached in %s"
              .formatted(
                  part.files().size(),
                  part.dir(),
                  seconds,
                  part.files().size() / seconds,
                  cacheFile));
    }
    if (!images.skipped().isEmpty()) {
      if (!spec.skipBadImages()) {
        throw images.skipped().getFirst().asException();
      }
      for (DecodedImages.Skipped s : images.skipped()) {
        skipped.add(s.asException().getMessage());
      }
      notes.add(
          "skipped %d damaged image%s of %s, the first %s"
              .formatted(
                  images.skipped().size(),
                  images.skipped().size() == 1 ? "" : "s",
                  part.dir(),
                  images.skipped().getFirst().asException().getMessage()));
    }
    if (images.count() == 0) {
      throw new IOException(
          "%s: every image is damaged, none is left to use".formatted(part.dir()));
    }
    return images;
  }

  /**
   * Decodes every image of {@code part} on {@code threads} threads, each taking the next file not
   * yet taken (each writes its own images' slots, so the result does not depend on the threads).
   * Without {@code skipBadImages} the first damaged image (in file order, of those seen before
   * decoding stopped) is thrown.
   */
  static DecodedImages decode(Part part, ImageFolderSpec spec, int threads) throws IOException {
    int h = spec.height();
    int w = spec.width();
    int c = spec.channels();
    List<ImageFile> files = part.files();
    long total = (long) files.size() * h * w * c;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IOException(
          ("%s: %,d images of %dx%dx%d are %,d values, more than one Java array holds (2^31);"
                  + " choose a smaller image size or fewer images")
              .formatted(part.dir(), files.size(), h, w, c, total));
    }
    int pixels = h * w * c;
    float[] values = new float[(int) total];
    BadImageException[] problems = new BadImageException[files.size()];
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement();
              i < files.size() && !stop.get();
              i = next.getAndIncrement()) {
            try {
              ImageDecoder.Pixels p = ImageDecoder.decode(files.get(i).path(), c);
              float[] resized = BilinearResize.resize(p.values(), p.height(), p.width(), c, h, w);
              System.arraycopy(resized, 0, values, i * pixels, pixels);
            } catch (BadImageException e) {
              problems[i] = e;
              if (!spec.skipBadImages()) {
                stop.set(true);
              }
            }
          }
        };
    runOnThreads(worker, Math.min(threads, files.size()));
    List<DecodedImages.Skipped> skipped = new ArrayList<>();
    int kept = 0;
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      if (problems[i] != null) {
        if (!spec.skipBadImages()) {
          throw problems[i];
        }
        String message = problems[i].getMessage();
        String file = problems[i].file().toString();
        skipped.add(new DecodedImages.Skipped(file, message.substring(file.length() + 2)));
        continue;
      }
      if (kept != i) {
        System.arraycopy(values, i * pixels, values, kept * pixels, pixels);
      }
      labels[kept++] = files.get(i).label();
    }
    return new DecodedImages(
        h,
        w,
        c,
        kept == files.size() ? values : Arrays.copyOf(values, kept * pixels),
        Arrays.copyOf(labels, kept),
        skipped);
  }

  // Runs worker on the calling thread and threads - 1 others, and returns when all are done; an
  // error a worker throws (not a damaged image: those are recorded) is rethrown here.
  private static void runOnThreads(Runnable worker, int threads) {
    List<Thread> others = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 1; t < threads; t++) {
      Thread thread = new Thread(worker, "convnet4j-decode-" + t);
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
      thread.start();
      others.add(thread);
    }
    try {
      worker.run();
    } finally {
      boolean interrupted = false;
      for (Thread thread : others) {
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error r) {
      throw r;
    }
  }

  private static DataSets split(
      ImageFolderLayout layout,
      ImageFolderSpec spec,
      long seed,
      DecodedImages train,
      DecodedImages validation,
      DecodedImages test,
      List<String> notes,
      int skippedCount)
      throws IOException {
    int classes = layout.classNames().size();
    double fraction = spec.validationSplit();
    // One shuffle per class, seeded: its first part becomes the test split, the next the
    // validation split, the rest stays for training.
    int[] role = new int[train.count()];
    int[][] byClass = indicesByClass(train.labels(), classes);
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < classes; k++) {
      int[] members = byClass[k];
      shuffle(members, random);
      int testCount = test == null ? heldOut(members.length, fraction) : 0;
      int validationCount = validation == null ? heldOut(members.length, fraction) : 0;
      if (members.length - testCount - validationCount < 1) {
        throw new IOException(
            ("class %s of %s has %d image%s: too few to hold out %s and keep one for training")
                .formatted(
                    layout.classNames().get(k),
                    layout.train().dir(),
                    members.length,
                    members.length == 1 ? "" : "s",
                    test == null && validation == null ? "test and validation images" : "any"));
      }
      for (int j = 0; j < members.length; j++) {
        role[members[j]] = j < testCount ? 2 : j < testCount + validationCount ? 1 : 0;
      }
    }
    String percent = "%.4g %%".formatted(100 * fraction).replaceAll("\\.?0+ %", " %");
    DataSplit trainSplit = select(train, role, 0, classes);
    DataSplit validationSplit;
    if (validation == null) {
      validationSplit = select(train, role, 1, classes);
      notes.add(
          "no validation/ folder: held out %s of each class of %s for validation (%,d images)"
              .formatted(percent, layout.train().dir(), validationSplit.size()));
    } else {
      validationSplit = all(validation, classes);
    }
    DataSplit testSplit;
    if (test == null) {
      testSplit = select(train, role, 2, classes);
      notes.add(
          "no test/ folder: held out %s of each class of %s as the test split (%,d images)"
              .formatted(percent, layout.train().dir(), testSplit.size()));
    } else {
      testSplit = all(test, classes);
    }
    return new DataSets(trainSplit, validationSplit, testSplit, layout.classNames(), skippedCount);
  }

  /** The indices of each class's images, in order. */
  private static int[][] indicesByClass(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int label : labels) {
      counts[label]++;
    }
    int[][] byClass = new int[classes][];
    for (int k = 0; k < classes; k++) {
      byClass[k] = new int[counts[k]];
    }
    int[] filled = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][filled[labels[i]]++] = i;
    }
    return byClass;
  }

  private static int heldOut(int classSize, double fraction) {
    return (int) Math.round(classSize * fraction);
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The images whose role is {@code wanted}, in file order, scaled to {@code [0, 1]}. */
  private static DataSplit select(DecodedImages images, int[] role, int wanted, int classes)
      throws IOException {
    int count = 0;
    for (int r : role) {
      count += r == wanted ? 1 : 0;
    }
    if (count == 0) {
      throw new IOException(
          "the classes are too small to hold out a %s split: give more images or a larger"
                  .formatted(wanted == 1 ? "validation" : "test")
              + " --validation-split");
    }
    int pixels = images.pixelsPerImage();
    float[] values = new float[count * pixels];
    int[] labels = new int[count];
    int n = 0;
    for (int i = 0; i < role.length; i++) {
      if (role[i] == wanted) {
        scaleInto(images.values(), i * pixels, values, n * pixels, pixels);
        labels[n++] = images.labels()[i];
      }
    }
    return DataSplit.of(
        TensorAccess.wrap(values, count, images.height(), images.width(), images.channels()),
        labels,
        classes);
  }

  private static DataSplit all(DecodedImages images, int classes) {
    float[] values = new float[images.values().length];
    scaleInto(images.values(), 0, values, 0, values.length);
    return DataSplit.of(
        TensorAccess.wrap(
            values, images.count(), images.height(), images.width(), images.channels()),
        images.labels(),
        classes);
  }

  // The same arithmetic as the IDX loader's (DataSplit.PIXEL_SCALE): pixel times float(1/255).
  private static void scaleInto(float[] from, int fromOffset, float[] to, int toOffset, int n) {
    for (int i = 0; i < n; i++) {
      to[toOffset + i] = from[fromOffset + i] * PIXEL_SCALE;
    }
  }
}
