package org.convnet4j.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;

/**
 * A standalone Spark cluster on 127.0.0.1 for tests: a Master and a Worker in JVMs of their own,
 * started from Spark's jars (the build copies them into {@code target/spark-home/jars}). {@link
 * #close} stops them by their process ids, the executors the Worker started first.
 */
final class StandaloneCluster implements AutoCloseable {

  private final List<Process> started = new ArrayList<>();
  private final Path logs;
  private final String master;

  /**
   * Starts a Master and a Worker offering {@code cores} cores, and waits until the Worker has
   * registered.
   *
   * @param logs where {@code master.log} and {@code worker.log} go
   */
  StandaloneCluster(Path logs, int cores) throws IOException, InterruptedException {
    this.logs = Files.createDirectories(logs);
    Path home = sparkHome();
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    try {
      start(
          home,
          logs.resolve("master.log"),
          "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(port),
          "--webui-port", Integer.toString(freePort()));
      Process worker =
          start(
              home,
              logs.resolve("worker.log"),
              "org.apache.spark.deploy.worker.Worker",
              "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", "4g",
              "--webui-port", Integer.toString(freePort()),
              "--work-dir", Files.createDirectories(logs.resolve("work")).toString(),
              master);
      awaitLine(logs.resolve("worker.log"), "Successfully registered with master", worker);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The Master's address, {@code spark://127.0.0.1:PORT}. */
  String master() {
    return master;
  }

  /** The Worker's log so far. */
  String workerLog() throws IOException {
    return Files.readString(logs.resolve("worker.log"));
  }

  /**
   * A driver's settings for this cluster: {@code executors} executors of one core, convnet4j's
   * jar for them to load.
   */
  SparkConf conf(String appName, int executors) {
    return new SparkConf()
        .setMaster(master)
        .setAppName(appName)
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.jars", System.getProperty("convnet4j.spark.jar"))
        .set("spark.executor.cores", "1")
        .set("spark.cores.max", Integer.toString(executors))
        .set("spark.executor.memory", "1500m")
        .set("spark.ui.enabled", "false");
  }

  /**
   * Kills one of the executors the Worker started, forcibly, as a failing machine would end it.
   *
   * @return its process id
   * @throws IllegalStateException if the Worker has no executor running
   */
  long killAnExecutor() {
    ProcessHandle executor =
        started.get(1)
            .descendants()
            .filter(
                h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the Worker runs no executor"));
    executor.destroyForcibly();
    return executor.pid();
  }

  /** Stops the executors (children of the Worker), the Worker and the Master, by process id. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : started.reversed()) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : started.reversed()) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
    }
  }

  // SPARK_HOME as the Worker needs it to start executors: an empty RELEASE file (a binary
  // distribution, whose jars are in jars/) and the jars.
  private static Path sparkHome() throws IOException {
    Path home = Path.of(System.getProperty("convnet4j.spark.jars")).getParent().toAbsolutePath();
    if (!Files.exists(home.resolve("RELEASE"))) {
      Files.createFile(home.resolve("RELEASE"));
    }
    return home;
  }

  private Process start(Path home, Path log, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(System.getProperty("convnet4j.spark.jvm.options").trim().split("\\s+")));
    command.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = builder.start();
    started.add(p);
    return p;
  }

  private static void awaitLine(Path log, String line, Process process)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "it stopped before '" + line + "':\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + line + "' within 120 s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
