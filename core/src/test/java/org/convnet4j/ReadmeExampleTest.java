package org.convnet4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the README's {@code java} block against the library, and checks that it
 * prints what its {@code // ...} comments say, so the README cannot drift from the code.
 */
class ReadmeExampleTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");
  private static final Pattern PRINTED = Pattern.compile("println\\(.*// (.*)$");

  @TempDir Path dir;

  @Test
  void javaExampleCompilesRunsAndPrintsWhatItsCommentsSay() throws Exception {
    String source = javaBlock(Files.readString(readme()));
    Matcher name = CLASS_NAME.matcher(source);
    assertThat(name.find()).as("the README's java block declares a public class").isTrue();
    String className = name.group(1);
    Path file = dir.resolve(className + ".java");
    Files.writeString(file, source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics,
        "-classpath", libraryClasses().toString(), "-d", dir.toString(), file.toString());
    assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    String printed = runMain(className);
    assertThat(printed.lines()).containsExactlyElementsOf(expectedOutput(source));
  }

  private String runMain(String className) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String javaBlock(String readme) {
    Matcher block = JAVA_BLOCK.matcher(readme);
    assertThat(block.find()).as("README.md has a ```java block").isTrue();
    return block.group(1);
  }

  // "System.out.println(...); // [1, 5, 5, 64]" expects the line "[1, 5, 5, 64]".
  private static List<String> expectedOutput(String source) {
    List<String> lines = new ArrayList<>();
    source.lines().map(PRINTED::matcher).filter(Matcher::find).forEach(m -> lines.add(m.group(1)));
    assertThat(lines).as("println lines with the expected output in a comment").isNotEmpty();
    return lines;
  }

  // The README sits at the repository root, above the module the tests run in.
  private static Path readme() throws IOException {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("pom.xml"))
          && Files.isDirectory(d.resolve("core"))) {
        return d.resolve("README.md");
      }
    }
    throw new IOException("README.md not found above " + Path.of("").toAbsolutePath());
  }

  private static Path libraryClasses() throws URISyntaxException {
    return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
