package org.convnet4j.bench;

/**
 * The options every benchmark's forked JVM gets: those the {@code convnet4j} launcher runs with,
 * so that JMH measures the kernels as users run them.
 */
final class ForkOptions {

  static final String VECTOR_API = "--add-modules=jdk.incubator.vector";

  /** The throughput collector: training ran about a quarter slower under G1, Java's default. */
  static final String COLLECTOR = "-XX:+UseParallelGC";

  /** Scratch buffers on cache-line boundaries ({@code Scratch} in the kernels says why). */
  static final String ALIGNMENT = "-XX:ObjectAlignmentInBytes=64";

  /**
   * Transparent huge pages for the heap: the GEMMs read matrices with rows a page apart, each 4 KB
   * page a TLB miss. (On a kernel with them off the JVM warns once and runs on.)
   */
  static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";

  private ForkOptions() {}
}
