package org.convnet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.convnet4j.nn.Sequential;
import org.convnet4j.train.TrainingListener;

/**
 * Writes the run's architecture, {@code model.json}, into its folder as training starts, so that
 * a run that crashes or is stopped has it too. The file is written on a thread of its own, beside
 * the first steps rather than before them: the JSON library's first use takes about 0.2 s of class
 * loading, a tenth of a second run's start on an image folder.
 */
final class ModelJsonWriter extends ForwardingListener implements AutoCloseable {

  private final Path folder;
  private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

  ModelJsonWriter(Path folder, TrainingListener listener) {
    super(listener);
    this.folder = folder;
  }

  @Override
  public void onModel(Sequential model) {
    written =
        CompletableFuture.runAsync(
            () -> {
              try {
                ModelJson.write(folder, model);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            task -> Thread.ofPlatform().name("convnet4j-model-json").start(task));
    super.onModel(model);
  }

  /**
   * Waits until {@code model.json} is written.
   *
   * @throws IOException if writing it failed
   */
  @Override
  public void close() throws IOException {
    try {
      written.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
  }
}
