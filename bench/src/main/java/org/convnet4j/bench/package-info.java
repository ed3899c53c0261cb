/**
 * JMH benchmarks of the active kernel set ({@code -Dconvnet4j.kernels=vector|reference}): GEMM
 * 1024³ and the tutorial network's two convolutions, forward and both backward passes, at batch
 * 128; and the machine's Vector API FMA peak ({@code FmaPeakBenchmark}), which GEMM is measured
 * against. Build with {@code mvn -pl bench -am package}, run with {@code java -jar
 * bench/target/benchmarks.jar}; the forked JVMs get the launcher's options ({@code ForkOptions}).
 */
package org.convnet4j.bench;
