package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;

/**
 * Calls the hottest loops a few thousand times on small operands so that the JIT compiles them
 * before real work reaches them. Until C2 has compiled a Vector API loop, every vector operation
 * allocates and runs a scalar fallback, some hundred times slower: in a cold JVM the first training
 * step of the tutorial network took about 2 s, much of it the micro-kernels running that way on
 * full-size operands. Here each call is short, so the JIT's invocation thresholds are crossed for
 * a fraction of that work. Touches nothing shared: no pool, no scratch buffers of other threads.
 */
final class KernelWarmUp {

  // Enough calls for C2's thresholds (5,000 invocations, or 600 with loop iterations making up
  // 15,000) to be crossed with the short loops below, the interpreter's and C1's turns included.
  // Training cuts the warm-up short when its data is read (about 0.45 s for MNIST), by then the
  // compilations are under way; run to the end, 6,000 calls take 0.5 to 0.75 s.
  static final int CALLS = 6_000;

  // The shared dimension of each call: short, but long enough that the loops' profiles look like
  // loops that go round.
  private static final int DEPTH = 16;

  private KernelWarmUp() {}

  /**
   * Calls each loop up to {@value #CALLS} times, fewer if the calling thread is interrupted (the
   * interrupt stays set); returns how many rounds of calls it made.
   */
  static int run() {
    float[] a = new float[MR * MicroKernel.ROW_STRIDE];
    float[] b = new float[DEPTH * NR];
    float[] c = new float[MR * NR];
    int[] rowOffsets = new int[MR];
    for (int r = 0; r < MR; r++) {
      rowOffsets[r] = r * DEPTH;
    }
    float[] square = new float[Transpose16.SIZE * Transpose16.SIZE];
    float[] transposed = new float[square.length];
    int pixelsPerBlock = SingleChannelConvolution.PIXELS;
    int filterWidth = SingleChannelConvolution.WIDTH;
    float[] inputRow = new float[pixelsPerBlock + filterWidth - 1];
    float[] filterRow = new float[filterWidth * MicroKernel.LANES];
    float[] pixels = new float[pixelsPerBlock * MicroKernel.LANES];
    int call = 0;
    for (; call < CALLS && !Thread.currentThread().isInterrupted(); call++) {
      // Both kinds of call: a kernel compiled having seen only one would be recompiled later.
      boolean accumulate = (call & 1) == 0;
      MicroKernel.multiply(a, 0, DEPTH, b, 0, c, 0, NR, accumulate);
      MicroKernel.multiplyRows(a, rowOffsets, 2, DEPTH / 2, DEPTH / 2, b, 0, c, 0, NR, accumulate);
      MicroKernel.multiplyColumns(a, 0, MR, b, 0, NR, DEPTH, c, 0, NR, accumulate);
      MicroKernel.multiplySegments(a, 0, b, 0, NR, DEPTH / 2, 2, DEPTH / 2 * NR, c, 0, NR, accumulate);
      VectorLoops.addInto(b, 0, c, 0, c.length);
      SingleChannelConvolution.block(
          inputRow, 0, inputRow.length, 1, filterRow, 0, MicroKernel.LANES, pixels, 0);
      // The tutorial's dropout: its integer hashing would otherwise run interpreted, a vector at a
      // time, for the first steps.
      SeededDropout.chunk(call, call, b, 0.5f, 2f, c, 0, c.length, SeededDropout.VECTORS);
      if (Transpose16.APPLIES) {
        Transpose16.transpose(square, 0, Transpose16.SIZE, transposed, 0, Transpose16.SIZE);
      }
    }
    return call;
  }
}
