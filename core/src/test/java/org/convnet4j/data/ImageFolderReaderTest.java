package org.convnet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.convnet4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

  @TempDir Path dir;
  @TempDir Path cache;

  private static final ImageFolderSpec GREY_2X2 =
      ImageFolderSpec.defaults().withImageSize(2, 2).withChannels(1);

  private ImageFolderData read(Path folder, ImageFolderSpec spec, long seed) throws IOException {
    return ImageFolderReader.read(folder, spec, seed, cache, line -> {});
  }

  /**
   * Writes {@code count} flat grey PNGs into {@code classDir}, values {@code first, first + 1..}.
   */
  private static void greyImages(Path classDir, int first, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      TestImages.write(
          classDir.resolve("img%03d.png".formatted(i)), TestImages.flatGrey(3, 3, first + i));
    }
  }

  /** The grey value each image of the split was made with, in order. */
  private static List<Integer> values(DataSplit split) {
    float[] pixels = split.images().toFloatArray();
    int per = pixels.length / split.size();
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      values.add(Math.round(pixels[i * per] * 255));
    }
    return values;
  }

  @Test
  void classesAreTheSortedFolderNamesAndImagesTheirFilesInNameOrder() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("zebra"), 200, 10);
    greyImages(data.resolve("ant"), 0, 10);
    greyImages(data.resolve("Moth"), 100, 10);
    Files.writeString(data.resolve("README.txt"), "ignored");
    Files.writeString(data.resolve("ant").resolve("notes.txt"), "ignored too");

    ImageFolderData read = read(data, GREY_2X2.withValidationSplit(0.1), 1);

    // String order: capitals first, as Python's sorted() on Keras' side
    assertThat(read.data().classNames()).containsExactly("Moth", "ant", "zebra");
    assertThat(read.spec().classNames()).containsExactly("Moth", "ant", "zebra");
    DataSplit train = read.data().train();
    assertThat(train.size() + read.data().validation().size() + read.data().test().size())
        .isEqualTo(30);
    for (int i = 0; i < train.size(); i++) {
      int value = values(train).get(i);
      assertThat(train.labelOf(i)).isEqualTo(value >= 200 ? 2 : value >= 100 ? 0 : 1);
    }
    // training images stay in file order, class by class: Moth (100..), ant (0..), zebra (200..)
    List<Integer> order = values(train);
    assertThat(
            order.subList(0, order.indexOf(order.stream().filter(v -> v < 100).findFirst().get())))
        .isSorted()
        .allMatch(v -> v >= 100 && v < 200);
    assertThat(order.stream().filter(v -> v < 100).toList()).isSorted();
    assertThat(order.getLast()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void withoutValidationAndTestFoldersEachClassLosesTheSameFractionToBoth() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 20);
    greyImages(data.resolve("b"), 100, 40);
    List<String> lines = new ArrayList<>();

    ImageFolderData read =
        ImageFolderReader.read(data, GREY_2X2.withValidationSplit(0.1), 7, cache, lines::add);

    DataSets sets = read.data();
    assertThat(countByLabel(sets.validation())).containsExactly(2, 4);
    assertThat(countByLabel(sets.test())).containsExactly(2, 4);
    assertThat(countByLabel(sets.train())).containsExactly(16, 32);
    List<Integer> all = new ArrayList<>(values(sets.train()));
    all.addAll(values(sets.validation()));
    all.addAll(values(sets.test()));
    assertThat(all).doesNotHaveDuplicates().hasSize(60);
    assertThat(read.notes())
        .anyMatch(n -> n.startsWith("no test/ folder: held out 10 % of each class of " + data))
        .anyMatch(n -> n.startsWith("no validation/ folder: held out 10 %"));
    assertThat(lines).containsAll(read.notes());
  }

  @Test
  void theHeldOutImagesDependOnTheSeedAlone() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 30);
    greyImages(data.resolve("b"), 100, 30);

    List<Integer> first = values(read(data, GREY_2X2, 5).data().test());
    List<Integer> again = values(read(data, GREY_2X2, 5).data().test());
    List<Integer> otherSeed = values(read(data, GREY_2X2, 6).data().test());

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void trainTestAndValidationFoldersAreUsedAsTheyAre() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("train/a"), 0, 5);
    greyImages(data.resolve("train/b"), 100, 5);
    greyImages(data.resolve("test/a"), 50, 2);
    greyImages(data.resolve("test/b"), 150, 3);
    greyImages(data.resolve("validation/a"), 70, 1);
    greyImages(data.resolve("validation/b"), 170, 1);

    ImageFolderData read = read(data, GREY_2X2, 1);

    assertThat(values(read.data().train())).containsExactly(0, 1, 2, 3, 4, 100, 101, 102, 103, 104);
    assertThat(values(read.data().test())).containsExactly(50, 51, 150, 151, 152);
    assertThat(values(read.data().validation())).containsExactly(70, 170);
    assertThat(read.notes()).noneMatch(n -> n.contains("held out"));
  }

  @Test
  void withoutATestFolderTheTestSplitIsHeldOutAndTheRunSaysSo() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("train/a"), 0, 10);
    greyImages(data.resolve("train/b"), 100, 10);
    greyImages(data.resolve("validation/a"), 70, 1);
    greyImages(data.resolve("validation/b"), 170, 1);

    ImageFolderData read = read(data, GREY_2X2.withValidationSplit(0.2), 1);

    assertThat(countByLabel(read.data().test())).containsExactly(2, 2);
    assertThat(values(read.data().validation())).containsExactly(70, 170);
    assertThat(read.notes())
        .containsExactly(
            read.notes().get(0),
            read.notes().get(1),
            "no test/ folder: held out 20 % of each class of "
                + data.resolve("train")
                + " as the test split (4 images)");
  }

  @Test
  void colourBecomesGreyWithBt601WeightsAndIsResizedBilinearly() throws IOException {
    // 2x1 colour image: (255, 0, 0) and (0, 0, 255); grey: round(0.299*255) = 76,
    // round(0.114*255) = 29. Widened to 4: 76, 0.75*76 + 0.25*29, 0.25*76 + 0.75*29, 29.
    Path data = dir.resolve("data");
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xff0000);
    image.setRGB(1, 0, 0x0000ff);
    Path file = TestImages.write(data.resolve("a/x.png"), image);

    Tensor grey = ImageFolderReader.readImage(file, 1, 4, 1);
    Tensor colour = ImageFolderReader.readImage(file, 1, 2, 3);

    float[] expected = {76, 64.25f, 40.75f, 29};
    for (int i = 0; i < 4; i++) {
      assertThat(grey.get(0, i, 0)).isCloseTo(expected[i] / 255f, within(1e-6f));
    }
    assertThat(colour.toFloatArray()).containsExactly(1, 0, 0, 0, 0, 1);
  }

  @Test
  void greyBecomesColourByRepeatingTheValue() throws IOException {
    Path file = TestImages.write(dir.resolve("g.png"), TestImages.flatGrey(2, 2, 51));

    Tensor colour = ImageFolderReader.readImage(file, 2, 2, 3);

    assertThat(colour.shape()).containsExactly(2, 2, 3);
    for (float v : colour.toFloatArray()) {
      assertThat(v).isEqualTo(51 * (1.0f / 255.0f));
    }
  }

  @Test
  void pngJpegBmpAndGifGiveTheSamePixels() throws IOException {
    Path data = dir.resolve("data");
    // flat colours survive every format: GIF's palette holds them, JPEG's blocks are flat
    TestImages.write(data.resolve("a/1.png"), TestImages.flatColour(8, 8, 0x336699));
    TestImages.write(data.resolve("a/2.jpg"), TestImages.flatColour(8, 8, 0x336699));
    TestImages.write(data.resolve("a/3.BMP"), TestImages.flatColour(8, 8, 0x336699));
    TestImages.write(data.resolve("a/4.gif"), TestImages.flatColour(8, 8, 0x336699));
    TestImages.write(data.resolve("a/5.jpeg"), TestImages.flatGrey(8, 8, 0x66));
    greyImages(data.resolve("b"), 0, 5);

    DataSets sets = read(data, ImageFolderSpec.defaults().withValidationSplit(0.2), 1).data();

    List<float[]> classA = new ArrayList<>();
    for (DataSplit split : List.of(sets.train(), sets.validation(), sets.test())) {
      float[] pixels = split.images().toFloatArray();
      for (int i = 0; i < split.size(); i++) {
        if (split.labelOf(i) == 0) {
          classA.add(java.util.Arrays.copyOfRange(pixels, i * 8 * 8 * 3, (i + 1) * 8 * 8 * 3));
        }
      }
    }
    assertThat(classA).hasSize(5);
    for (float[] image : classA) {
      for (int p = 0; p < 64; p++) {
        // 0x33, 0x66, 0x99 (the grey JPEG: 0x66 in all three); JPEG within 2 levels
        boolean grey = image[3 * p] > 0.3f;
        float[] expected = grey ? new float[] {0x66, 0x66, 0x66} : new float[] {0x33, 0x66, 0x99};
        for (int c = 0; c < 3; c++) {
          assertThat(image[3 * p + c] * 255).isCloseTo(expected[c], within(2.01f));
        }
      }
    }
  }

  @Test
  void withoutSizeAndChannelsTheFirstImageDecides() throws IOException {
    Path data = dir.resolve("data");
    TestImages.write(data.resolve("a/1.png"), TestImages.flatColour(6, 4, 0x102030));
    TestImages.write(data.resolve("a/2.png"), TestImages.flatGrey(9, 9, 7));
    TestImages.write(data.resolve("a/3.png"), TestImages.flatGrey(9, 9, 7));
    greyImages(data.resolve("b"), 0, 3);

    ImageFolderData read = read(data, ImageFolderSpec.defaults().withValidationSplit(0.2), 1);

    assertThat(read.spec().inputShape()).containsExactly(4, 6, 3);
    assertThat(read.data().imageShape()).containsExactly(4, 6, 3);
  }

  @Test
  void aSecondReadComesFromTheCacheAndAChangedFileIsDecodedAgain() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 10);
    greyImages(data.resolve("b"), 100, 10);

    ImageFolderData first = read(data, GREY_2X2, 3);
    ImageFolderData second = read(data, GREY_2X2, 3);

    assertThat(first.notes()).anyMatch(n -> n.startsWith("decoded 20 images of " + data));
    assertThat(second.notes()).anyMatch(n -> n.startsWith("read 20 decoded 2x2x1 images of"));
    assertThat(second.data().train().images().toFloatArray())
        .containsExactly(first.data().train().images().toFloatArray());
    assertThat(second.data().test().images().toFloatArray())
        .containsExactly(first.data().test().images().toFloatArray());

    // another size is another entry
    assertThat(read(data, GREY_2X2.withImageSize(3, 3), 3).notes())
        .anyMatch(n -> n.startsWith("decoded 20 images"));

    // rewrite one image with another value: new size or time, so decoded again, and seen
    Path changed = data.resolve("a/img000.png");
    TestImages.write(changed, TestImages.flatGrey(3, 3, 77));
    Files.setLastModifiedTime(changed, FileTime.fromMillis(1_000_000_000_000L));
    ImageFolderData third = read(data, GREY_2X2, 3);

    assertThat(third.notes()).anyMatch(n -> n.startsWith("decoded 20 images"));
    List<Integer> all = new ArrayList<>(values(third.data().train()));
    all.addAll(values(third.data().validation()));
    all.addAll(values(third.data().test()));
    assertThat(all).contains(77).doesNotContain(0);
  }

  @Test
  void aDamagedCacheEntryIsReplaced() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 10);
    greyImages(data.resolve("b"), 100, 10);
    ImageFolderData first = read(data, GREY_2X2, 3);
    try (Stream<Path> entries = Files.list(cache.resolve(DecodedImageCache.FOLDER))) {
      Path entry = entries.findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(entry);
      bytes[bytes.length / 2] ^= 1;
      Files.write(entry, bytes);
    }

    ImageFolderData second = read(data, GREY_2X2, 3);

    assertThat(second.notes()).anyMatch(n -> n.startsWith("decoded 20 images"));
    assertThat(second.data().train().images().toFloatArray())
        .containsExactly(first.data().train().images().toFloatArray());
  }

  @Test
  void nothingIsWrittenIntoTheDataFolder() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("train/a"), 0, 6);
    greyImages(data.resolve("train/b"), 100, 6);
    greyImages(data.resolve("test/a"), 0, 2);
    greyImages(data.resolve("test/b"), 100, 2);
    Map<String, String> before = snapshot(data);

    read(data, GREY_2X2.withSkipBadImages(true), 1);
    read(data, GREY_2X2, 1);

    assertThat(snapshot(data)).isEqualTo(before);
  }

  @Test
  void aDamagedImageStopsTheReadNamingItOrIsSkippedAndCounted() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 10);
    greyImages(data.resolve("b"), 100, 10);
    Path bad = data.resolve("b/img004.png");
    byte[] png = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(png, png.length / 2));

    assertThatThrownBy(() -> read(data, GREY_2X2, 1))
        .isInstanceOf(BadImageException.class)
        .hasMessage(bad + ": is truncated: the PNG ends before its IEND chunk")
        .hasMessageNotContaining("\n");

    ImageFolderData skipping = read(data, GREY_2X2.withSkipBadImages(true), 1);
    assertThat(skipping.skipped()).singleElement().asString().startsWith(bad + ": ");
    assertThat(skipping.data().skippedImages()).isEqualTo(1);
    DataSets sets = skipping.data();
    assertThat(sets.train().size() + sets.validation().size() + sets.test().size()).isEqualTo(19);
    assertThat(skipping.notes()).anyMatch(n -> n.startsWith("skipped 1 damaged image of " + data));

    // the cached entry remembers the bad image: without skipping it is an error again
    assertThatThrownBy(() -> read(data, GREY_2X2, 1)).hasMessageStartingWith(bad + ": ");
  }

  @Test
  void decodingOnOneOrManyThreadsGivesTheSameSplitsAndSaysOnHowMany() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 17);
    greyImages(data.resolve("b"), 100, 13);
    List<List<Integer>> splits = new ArrayList<>();
    for (int threads : new int[] {1, 3, 40}) {
      Path ownCache = dir.resolve("cache" + threads); // each decodes: no shared cache entry
      List<String> lines = new ArrayList<>();
      DataSets sets =
          ImageFolderReader.read(data, GREY_2X2, 5, ownCache, lines::add, threads).data();
      assertThat(lines)
          .anyMatch(
              l ->
                  l.matches(
                      "decoding 30 images of .* to 2x2x1 on "
                          + (threads == 1 ? "1 thread" : threads + " threads")));
      List<Integer> all = new ArrayList<>(values(sets.train()));
      all.addAll(values(sets.validation()));
      all.addAll(values(sets.test()));
      splits.add(all);
    }
    assertThat(splits.get(1)).isEqualTo(splits.get(0));
    assertThat(splits.get(2)).isEqualTo(splits.get(0));
    assertThatThrownBy(() -> ImageFolderReader.read(data, GREY_2X2, 5, cache, l -> {}, 0))
        .hasMessage("threads: expected at least 1, got 0");
  }

  @Test
  void aDamagedImageIsFoundOnManyThreadsToo() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 20);
    greyImages(data.resolve("b"), 100, 20);
    Path bad = data.resolve("b/img013.png");
    Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    assertThatThrownBy(() -> ImageFolderReader.read(data, GREY_2X2, 1, cache, l -> {}, 4))
        .isInstanceOf(BadImageException.class)
        .hasMessageStartingWith(bad + ": ");
  }

  @Test
  void structuralMistakesAreClearErrorsBeforeAnyDecoding() throws IOException {
    Path empty = dir.resolve("empty");
    greyImages(empty.resolve("a"), 0, 3);
    Files.createDirectories(empty.resolve("b"));
    Files.writeString(empty.resolve("b/notes.txt"), "not an image");
    assertThatThrownBy(() -> read(empty, GREY_2X2, 1))
        .hasMessage(
            "class folder %s holds no images (files ending in .png, .jpg, .jpeg, .bmp or .gif)"
                .formatted(empty.resolve("b")));

    Path single = dir.resolve("single");
    greyImages(single.resolve("only"), 0, 3);
    assertThatThrownBy(() -> read(single, GREY_2X2, 1))
        .hasMessage(
            single + " holds one class folder (only): a classifier needs at least two classes");

    Path nested = dir.resolve("nested");
    greyImages(nested.resolve("a"), 0, 3);
    greyImages(nested.resolve("b/deeper"), 0, 3);
    assertThatThrownBy(() -> read(nested, GREY_2X2, 1))
        .hasMessageStartingWith(
            nested.resolve("b/deeper")
                + " is a folder inside the class folder "
                + nested.resolve("b"));

    Path differ = dir.resolve("differ");
    greyImages(differ.resolve("train/a"), 0, 3);
    greyImages(differ.resolve("train/b"), 0, 3);
    greyImages(differ.resolve("train/c"), 0, 3);
    greyImages(differ.resolve("test/a"), 0, 3);
    greyImages(differ.resolve("test/b"), 0, 3);
    greyImages(differ.resolve("test/d"), 0, 3);
    assertThatThrownBy(() -> read(differ, GREY_2X2, 1))
        .hasMessage(
            "%s must hold the same class folders as %s: it lacks c/, and it has d/ that %s lacks"
                .formatted(
                    differ.resolve("test"), differ.resolve("train"), differ.resolve("train")));

    Path loose = dir.resolve("loose");
    greyImages(loose.resolve("a"), 0, 3);
    greyImages(loose.resolve("b"), 0, 3);
    TestImages.write(loose.resolve("stray.png"), TestImages.flatGrey(2, 2, 0));
    assertThatThrownBy(() -> read(loose, GREY_2X2, 1))
        .hasMessage(
            loose.resolve("stray.png")
                + " is an image outside the class folders: every image must be inside a class"
                + " folder");

    Path extra = dir.resolve("extra");
    greyImages(extra.resolve("train/a"), 0, 3);
    greyImages(extra.resolve("train/b"), 0, 3);
    greyImages(extra.resolve("tests/a"), 0, 3);
    assertThatThrownBy(() -> read(extra, GREY_2X2, 1))
        .hasMessageStartingWith(extra + " holds train/ and also tests/");

    Path none = Files.createDirectories(dir.resolve("none"));
    assertThatThrownBy(() -> read(none, GREY_2X2, 1))
        .hasMessageStartingWith(none + " holds no class folders");

    assertThatThrownBy(() -> read(dir.resolve("missing"), GREY_2X2, 1))
        .hasMessage(dir.resolve("missing") + ": no such folder");

    assertThat(cache).isEmptyDirectory();
  }

  @Test
  void aFolderWhoseClassesChangedSinceTrainingIsRefused() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 10);
    greyImages(data.resolve("b"), 100, 10);

    assertThatThrownBy(() -> read(data, GREY_2X2.withClassNames(List.of("a", "c")), 1))
        .hasMessage(data + " now holds the classes [a, b], but the model was trained on [a, c]");
  }

  @Test
  void classesTooSmallToHoldOutAnImageAreNamed() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 10);
    greyImages(data.resolve("b"), 100, 2);

    assertThatThrownBy(() -> read(data, GREY_2X2.withValidationSplit(0.4), 1))
        .hasMessageStartingWith("class b of " + data + " has 2 images: too few");
  }

  @Test
  void anImageSizeTooLargeForOneArrayIsRefusedBeforeDecoding() throws IOException {
    Path data = dir.resolve("data");
    greyImages(data.resolve("a"), 0, 3);
    greyImages(data.resolve("b"), 100, 3);

    assertThatThrownBy(() -> read(data, GREY_2X2.withImageSize(20_000, 20_000), 1))
        .hasMessage(
            data
                + ": 6 images of 20000x20000x1 are 2,400,000,000 values, more than one Java array"
                + " holds (2^31); choose a smaller image size or fewer images");
  }

  private static int[] countByLabel(DataSplit split) {
    int[] counts = new int[split.numClasses()];
    for (int i = 0; i < split.size(); i++) {
      counts[split.labelOf(i)]++;
    }
    return counts;
  }

  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        files.put(
            root.relativize(p).toString(),
            Files.isDirectory(p) ? "dir" : Files.size(p) + " " + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }
}
