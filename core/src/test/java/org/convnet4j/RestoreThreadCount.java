package org.convnet4j;

import org.convnet4j.kernels.Parallelism;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts the kernels' thread count back after each test of a class that changes it, so the tests
 * after it run on the count the build chose: {@code @ExtendWith(RestoreThreadCount.class)}.
 */
public final class RestoreThreadCount implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RestoreThreadCount.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("threads", Parallelism.threads());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Parallelism.setThreads(context.getStore(NAMESPACE).get("threads", Integer.class));
  }
}
