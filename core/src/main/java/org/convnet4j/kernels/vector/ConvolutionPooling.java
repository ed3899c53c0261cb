package org.convnet4j.kernels.vector;

import org.convnet4j.kernels.Parallelism;
import org.convnet4j.tensor.Conv2dGeometry;
import org.convnet4j.tensor.Pool2dGeometry;

/**
 * A ReLU convolution and the max pooling of its output, a few images at a time: each task
 * convolves its images, read where they lie in the batch, into a buffer of its own, small enough
 * to stay in L2, and pools it at once, so the convolution's output never goes out to memory and
 * back (the tutorial's first layer writes 100 MB of it for a batch of 1,000). The filter is
 * prepared once for the whole batch ({@link Convolution.PreparedForward}), so the results are
 * those of {@link Convolution#forward} then {@link Pooling#maxPool}, bit for bit. Must match
 * {@code Kernels.conv2dBiasReluMaxPool}'s default.
 */
final class ConvolutionPooling {

  // Floats of convolution output a task holds: 512 KB, in L2 beside its input and pooled output.
  private static final int ACTIVATIONS_PER_TASK = 1 << 17;

  private ConvolutionPooling() {}

  /**
   * {@code out} and {@code argmax} as {@code maxPool} gives them over {@code relu(conv2d(input,
   * filter) + bias)}; {@code activations} receives the convolution's output only when the batch is
   * too small to split, when the kernels' own threads do better.
   */
  static void forward(
      float[] input,
      float[] filter,
      float[] bias,
      float[] activations,
      float[] out,
      int[] argmax,
      Conv2dGeometry g,
      Pool2dGeometry pool) {
    int imageOut = g.oh() * g.ow() * g.cout();
    int threads = Parallelism.threads();
    long parts = Math.ceilDiv((long) g.n() * imageOut, ACTIVATIONS_PER_TASK);
    if (parts < 2) {
      Convolution.forward(input, filter, bias, true, activations, g);
      Pooling.maxPool(activations, out, argmax, pool);
      return;
    }
    // A multiple of the thread count, so that the threads finish together.
    int tasks = (int) Math.min(g.n(), Math.ceilDiv(parts, threads) * threads);
    Convolution.PreparedForward convolution = Convolution.prepareForward(filter, g);
    Parallelism.forEach(
        tasks,
        t -> {
          int first = (int) ((long) t * g.n() / tasks);
          int images = (int) ((long) (t + 1) * g.n() / tasks) - first;
          float[] partActivations =
              Scratch.get().floats(Scratch.Slot.CONV_POOL_ACTIVATIONS, images * imageOut);
          convolution.run(input, first, bias, true, partActivations, g.withBatch(images));
          Pooling.maxPool(partActivations, out, argmax, pool.withBatch(images), first);
        });
  }
}
