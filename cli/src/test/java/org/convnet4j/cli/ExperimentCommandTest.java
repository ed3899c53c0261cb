package org.convnet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convnet4j.cli.report.TranslationPage;
import org.convnet4j.train.translation.TranslationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code experiment translation} on the tiny synthetic digits: the files it writes. */
class ExperimentCommandTest {

  @TempDir Path dir;

  private static CommandRun run(String... args) {
    return CommandRun.of(Main.commandLine(TinyRuns.backend()), args);
  }

  @Test
  void translationWritesASelfContainedPageAndEveryNumber() throws Exception {
    CommandRun result =
        run(
            "experiment",
            "translation",
            "--train-sizes",
            "90",
            "--steps",
            "2",
            "--test-digits",
            "30",
            "--grid",
            "3",
            "--networks",
            "dense,conv-global-pool",
            "--regimes",
            "centred,left-half",
            "--threads",
            "1",
            "--output",
            dir.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("4/4 Conv + global average pooling, digits only in the left half, 90 digits")
        .contains("wrote experiment.html and metrics.json");
    String json = Files.readString(dir.resolve(TranslationResult.METRICS_FILE));
    assertThat(json.split("\"accuracy_grid\"", -1)).hasSize(4 + 1);
    Document page =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve(TranslationPage.PAGE_FILE).toFile());
    NodeList images = page.getElementsByTagName("img");
    // the heat maps, then a distance chart for each regime that leaves positions untrained
    assertThat(images.getLength()).isEqualTo(3);
    for (int i = 0; i < images.getLength(); i++) {
      String src = ((Element) images.item(i)).getAttribute("src");
      assertThat(src).startsWith("data:image/png;base64,");
      assertThat(
              ImageIO.read(
                  new ByteArrayInputStream(
                      Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)))))
          .isNotNull();
    }
    // header and one row per network and regime
    assertThat(page.getElementsByTagName("table").item(0).getChildNodes().getLength()).isPositive();
    assertThat(Files.readString(dir.resolve(TranslationPage.PAGE_FILE)))
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("<script");
  }

  @Test
  void anUnknownNetworkIsOneLine() {
    CommandRun result =
        run("experiment", "translation", "--networks", "resnet", "--output", dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo(
            "convnet4j experiment translation: network: expected dense, locally-connected,"
                + " conv-dense or conv-global-pool, got 'resnet'");
  }

  @Test
  void moreTestDigitsThanTheDataHoldsIsOneLine() {
    CommandRun result =
        run(
            "experiment",
            "translation",
            "--train-sizes",
            "90",
            "--test-digits",
            "31",
            "--output",
            dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo(
            "convnet4j experiment translation: translation experiment: asks for 90 training and"
                + " 31 test digits, the data has 90 and 30");
  }
}
