package org.convnet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.convnet4j.data.DataSets;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.DatasetLoader;

/**
 * Where executors read the training set: the run's data set and data folder, as the driver's
 * {@code train} reads them. A folder is a local path every executor sees (a shared disk), or a
 * Hadoop file system's folder ({@code hdfs:///data/mnist}, {@code s3a://bucket/mnist}), copied to
 * a local folder once per machine, {@linkplain #localCopyOf named after its address} so that a
 * run's settings can name the copy and a resumed run still finds where it came from. No folder:
 * each executor's own cache (fetched there on first use).
 *
 * @param dataset the data set's command-line name
 * @param folder the data folder as the run's settings hold it, or {@code null}
 */
record DataSource(String dataset, String folder) implements Serializable {

  /** Where local copies of Hadoop folders go: the system temporary folder's convnet4j-hadoop. */
  static Path copiesRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "convnet4j-hadoop");
  }

  /** Whether {@code folder} is a Hadoop file system's address (a scheme other than file). */
  static boolean isHadoopAddress(String folder) {
    int colon = folder.indexOf(':');
    return colon > 1
        && folder.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
        && !folder.regionMatches(true, 0, "file:", 0, 5);
  }

  /** The local folder a Hadoop folder is copied to: its address, URL-encoded, under copiesRoot. */
  static Path localCopyOf(String address) {
    return copiesRoot().resolve(URLEncoder.encode(address, StandardCharsets.UTF_8));
  }

  /**
   * Copies a Hadoop folder's files to {@link #localCopyOf} its address, unless there already.
   *
   * @throws IOException naming the address if it cannot be read
   */
  static synchronized Path copyToLocal(String address) throws IOException {
    Path local = localCopyOf(address);
    if (Files.isDirectory(local)) {
      return local;
    }
    Path partial = Files.createDirectories(copiesRoot()).resolve(local.getFileName() + ".partial");
    try {
      URI uri = URI.create(address);
      FileSystem fs = FileSystem.get(uri, new Configuration());
      fs.copyToLocalFile(
          false,
          new org.apache.hadoop.fs.Path(uri),
          new org.apache.hadoop.fs.Path(partial.toUri()),
          true);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("data folder %s: cannot copy it: %s".formatted(address, e), e);
    }
    Files.move(partial, local);
    return local;
  }

  /** Reads the data set, from the folder (or its Hadoop origin) or the cache. */
  DataSets load() throws IOException {
    Path local = null;
    if (folder != null) {
      local = isHadoopAddress(folder) ? copyToLocal(folder) : Path.of(folder);
      if (!Files.isDirectory(local) && copiesRoot().equals(local.getParent())) {
        // A copy made on the driver, named in the run's settings: make this machine's own.
        String name = local.getFileName().toString();
        local = copyToLocal(URLDecoder.decode(name, StandardCharsets.UTF_8));
      }
    }
    return DatasetLoader.load(Dataset.parse(dataset), local);
  }
}
