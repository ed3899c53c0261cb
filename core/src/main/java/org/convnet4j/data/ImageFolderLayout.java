package org.convnet4j.data;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The structure of an image folder, checked before anything is decoded: either one subfolder per
 * class, or {@code train/} (and optionally {@code test/} and {@code validation/}) each holding the
 * same class subfolders. Class names are the class folders' names, sorted ({@link String} order);
 * images are the files ending in {@code .png}, {@code .jpg}, {@code .jpeg}, {@code .bmp} or {@code
 * .gif} (any case), sorted by name within each class. Other files and hidden entries (names
 * starting with a dot) are ignored, as Keras ignores files of other formats.
 *
 * @param classNames the sorted class names, at least two
 * @param train the images of {@code train/}, or of the folder itself without a {@code train/}
 * @param validation the images of {@code validation/}, or {@code null} without one
 * @param test the images of {@code test/}, or {@code null} without one
 */
record ImageFolderLayout(
    Path root, List<String> classNames, Part train, Part validation, Part test) {

  static final String TRAIN = "train";
  static final String VALIDATION = "validation";
  static final String TEST = "test";

  /** The number of images in all parts. */
  int imageCount() {
    return train.files().size()
        + (validation == null ? 0 : validation.files().size())
        + (test == null ? 0 : test.files().size());
  }

  /** One image file, its class and what identifies its content for the cache. */
  record ImageFile(Path path, String name, int label, long size, long modifiedNanos) {}

  /** The images of one folder of class folders, class by class, each class sorted by name. */
  record Part(Path dir, List<ImageFile> files) {}

  /**
   * Scans {@code root}.
   *
   * @throws IOException naming the folder and the problem if the structure is not one of the two, a
   *     class folder holds no images or a folder, there is only one class, or the splits' classes
   *     differ
   */
  static ImageFolderLayout scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": no such folder");
    }
    List<Path> folders = subfolders(root);
    Path trainDir = root.resolve(TRAIN);
    if (!folders.contains(trainDir)) {
      Part all = part(root, classesOf(root, folders));
      List<String> names = classNames(all);
      requireTwoClasses(root, names);
      return new ImageFolderLayout(root, names, all, null, null);
    }
    List<String> unexpected =
        folders.stream()
            .map(f -> f.getFileName().toString())
            .filter(n -> !Set.of(TRAIN, VALIDATION, TEST).contains(n))
            .toList();
    if (!unexpected.isEmpty()) {
      throw new IOException(
          ("%s holds train/ and also %s: beside train/, only test/ and validation/ may be there"
                  + " (or put every class folder directly in %s, without train/)")
              .formatted(root, slashed(unexpected), root));
    }
    requireNoImages(root, "beside train/");
    Part train = part(trainDir, classesOf(trainDir, subfolders(trainDir)));
    List<String> names = classNames(train);
    requireTwoClasses(trainDir, names);
    Part validation = optionalPart(root.resolve(VALIDATION), folders, names, trainDir);
    Part test = optionalPart(root.resolve(TEST), folders, names, trainDir);
    return new ImageFolderLayout(root, names, train, validation, test);
  }

  private static Part optionalPart(
      Path dir, List<Path> folders, List<String> trainNames, Path trainDir) throws IOException {
    if (!folders.contains(dir)) {
      return null;
    }
    List<Path> classes = classesOf(dir, subfolders(dir));
    List<String> names = classes.stream().map(c -> c.getFileName().toString()).toList();
    if (!names.equals(trainNames)) {
      Set<String> missing = new TreeSet<>(trainNames);
      names.forEach(missing::remove);
      Set<String> extra = new TreeSet<>(names);
      trainNames.forEach(extra::remove);
      List<String> differences = new ArrayList<>();
      if (!missing.isEmpty()) {
        differences.add("it lacks " + slashed(List.copyOf(missing)));
      }
      if (!extra.isEmpty()) {
        differences.add("it has " + slashed(List.copyOf(extra)) + " that " + trainDir + " lacks");
      }
      throw new IOException(
          "%s must hold the same class folders as %s: %s"
              .formatted(dir, trainDir, String.join(", and ", differences)));
    }
    return part(dir, classes);
  }

  private static List<Path> classesOf(Path dir, List<Path> folders) throws IOException {
    requireNoImages(dir, "outside the class folders");
    if (folders.isEmpty()) {
      throw new IOException(
          ("%s holds no class folders: expected one subfolder of images per class, or train/ and"
                  + " test/ each holding one subfolder per class")
              .formatted(dir));
    }
    return folders;
  }

  // Class folders are listed on all cores: a folder of 70,000 images takes about 0.4 s of CPU.
  private static Part part(Path dir, List<Path> classFolders) throws IOException {
    List<ClassListing> listings =
        IntStream.range(0, classFolders.size())
            .parallel()
            .mapToObj(label -> ClassListing.of(dir, classFolders.get(label), label))
            .toList();
    List<ImageFile> files = new ArrayList<>();
    for (ClassListing listing : listings) {
      if (listing.error() != null) {
        throw listing.error();
      }
      files.addAll(listing.files());
    }
    return new Part(dir, List.copyOf(files));
  }

  /** One class folder's images, or what is wrong with it. */
  private record ClassListing(List<ImageFile> files, IOException error) {

    static ClassListing of(Path dir, Path classDir, int label) {
      try {
        return new ClassListing(imagesOf(dir, classDir, label), null);
      } catch (IOException e) {
        return new ClassListing(null, e);
      }
    }
  }

  private static List<ImageFile> imagesOf(Path dir, Path classDir, int label) throws IOException {
    List<ImageFile> files = new ArrayList<>();
    for (Entry entry : visibleEntriesWithAttributes(classDir)) {
      if (entry.attributes().isDirectory()) {
        throw new IOException(
            ("%s is a folder inside the class folder %s: images must sit directly in their class"
                    + " folder, one level below %s")
                .formatted(entry.path(), classDir, dir));
      }
      if (entry.attributes().isRegularFile() && ImageDecoder.isImageName(entry.name())) {
        files.add(
            new ImageFile(
                entry.path(),
                classDir.getFileName() + "/" + entry.name(),
                label,
                entry.attributes().size(),
                entry.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS)));
      }
    }
    if (files.isEmpty()) {
      throw new IOException(
          "class folder %s holds no images (files ending in .png, .jpg, .jpeg, .bmp or .gif)"
              .formatted(classDir));
    }
    return files;
  }

  private record Entry(Path path, String name, BasicFileAttributes attributes) {}

  /**
   * What {@code dir} holds, hidden entries aside, sorted by name, each with its attributes: one
   * walk that reads each entry's attributes once (a class folder may hold tens of thousands).
   */
  private static List<Entry> visibleEntriesWithAttributes(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Files.walkFileTree(
        dir,
        Set.of(FileVisitOption.FOLLOW_LINKS),
        1,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String name = file.getFileName().toString();
            if (!name.startsWith(".")) {
              entries.add(new Entry(file, name, attributes));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw e;
          }
        });
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  private static List<String> classNames(Part part) {
    List<String> names = new ArrayList<>();
    for (ImageFile f : part.files()) {
      String name = f.name().substring(0, f.name().indexOf('/'));
      if (names.size() == f.label()) {
        names.add(name);
      }
    }
    return names;
  }

  private static void requireTwoClasses(Path dir, List<String> names) throws IOException {
    if (names.size() < 2) {
      throw new IOException(
          "%s holds one class folder (%s): a classifier needs at least two classes"
              .formatted(dir, names.getFirst()));
    }
  }

  private static void requireNoImages(Path dir, String where) throws IOException {
    for (Path entry : visibleEntries(dir)) {
      if (!Files.isDirectory(entry) && ImageDecoder.isImageName(entry.getFileName().toString())) {
        throw new IOException(
            "%s is an image %s: every image must be inside a class folder".formatted(entry, where));
      }
    }
  }

  /** The folders in {@code dir}, hidden ones aside, sorted by name. */
  private static List<Path> subfolders(Path dir) throws IOException {
    return visibleEntries(dir).stream().filter(Files::isDirectory).toList();
  }

  /** Everything in {@code dir} whose name does not start with a dot, sorted by name. */
  private static List<Path> visibleEntries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private static String slashed(List<String> names) {
    return String.join(", ", names.stream().map(n -> n + "/").toList());
  }
}
