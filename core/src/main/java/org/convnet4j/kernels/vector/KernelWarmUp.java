package org.convnet4j.kernels.vector;

import static org.convnet4j.kernels.vector.MicroKernel.MR;
import static org.convnet4j.kernels.vector.MicroKernel.NR;

import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

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
    float[] a = new float[DEPTH * MicroKernel.ROW_STRIDE];
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
    float[] value = new float[NR];
    float[] moment = new float[NR];
    float[] variance = new float[NR];
    // One 2x2 window of a vector of channels, and a first layer of one output row.
    int lanes = MicroKernel.LANES;
    Pool2dGeometry window = new Pool2dGeometry(1, 2, 2, lanes, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
    float[] pooled = new float[lanes];
    int[] argmax = new int[lanes];
    Conv2dGeometry firstLayer =
        new Conv2dGeometry(1, 1, pixelsPerBlock, 1, 1, filterWidth, NR, 1, 1, 0, 0, 2, 2, 1,
            pixelsPerBlock);
    float[] firstLayerFilter = new float[firstLayer.filterSize()];
    WinogradConvolution.WarmUp winograd = new WinogradConvolution.WarmUp();
    int call = 0;
    for (; call < CALLS && !Thread.currentThread().isInterrupted(); call++) {
      // Both kinds of call: a kernel compiled having seen only one would be recompiled later.
      boolean accumulate = (call & 1) == 0;
      MicroKernel.multiply(a, 0, DEPTH, b, 0, c, 0, NR, accumulate);
      MicroKernel.multiplyRows(a, rowOffsets, 2, DEPTH / 2, DEPTH / 2, b, 0, c, 0, NR, accumulate);
      MicroKernel.multiplyColumns(a, 0, b, 0, DEPTH, c, 0, NR, accumulate);
      MicroKernel.multiplySegments(a, 0, b, 0, NR, DEPTH / 2, 2, DEPTH / 2 * NR, c, 0, NR, accumulate);
      VectorLoops.addInto(b, 0, c, 0, c.length);
      SingleChannelConvolution.block(
          inputRow, 0, inputRow.length, 1, filterRow, 0, MicroKernel.LANES, pixels, 0);
      SingleChannelConvolution.backwardFilter(inputRow, a, firstLayerFilter, firstLayer);
      Pooling.maxPool(square, pooled, argmax, window);
      Pooling.maxPoolBiasReluBackward(argmax, pooled, pooled, transposed, null, window);
      // The optimizers' updates: until compiled, Adam's vector loop over dense_1's 3.2 million
      // weights would run a vector at a time through the interpreter.
      VectorLoops.adamUpdate(value, b, moment, variance, 0, NR, 0.9f, 0.1f, 0.999f, 0.001f, 0f,
          1e-7f);
      VectorLoops.momentumUpdate(value, b, moment, 0, NR, 0.9f, 0f);
      // The tutorial's dropout: its integer hashing would otherwise run interpreted, a vector at a
      // time, for the first steps.
      SeededDropout.chunk(call, call, b, 0.5f, 2f, c, 0, c.length, SeededDropout.VECTORS);
      winograd.run();
      if (Transpose16.APPLIES) {
        Transpose16.transpose(square, 0, Transpose16.SIZE, transposed, 0, Transpose16.SIZE);
      }
    }
    return call;
  }
}
