package org.convnet4j.kernels.vector;

/**
 * Per-thread working arrays, grown on demand and kept, so that a steady-state training step
 * allocates nothing. A task fully writes whatever part of a buffer it later reads, so nothing leaks
 * from one task (or call) into the next.
 */
final class Scratch {

  /** The buffers a thread may hold at once; each use has its own, so none overwrites another. */
  enum Slot {
    GEMM_PACKED_A,
    GEMM_PACKED_B,
    CONV_PADDED_INPUT,
    CONV_PADDED_IMAGE,
    CONV_PACKED_FILTER,
    CONV_FLIPPED_FILTER,
    CONV_PADDED_GRADIENT,
    CONV_COLUMNS,
    CONV_IMAGE_GRADIENT,
    CONV_PARTIALS,
    CONV_PACKED_GRADIENT,
    CONV_POOL_ACTIVATIONS,
    BIAS_BLOCK_SUMS,
    NORM_BLOCK_SUMS,
    NORM_SUMS,
    FEW_ROWS_PARTIALS,
    WINOGRAD_FILTER,
    WINOGRAD_FILTER_ROWS,
    WINOGRAD_INPUT,
    WINOGRAD_PATCHES,
    WINOGRAD_PRODUCTS,
    WINOGRAD_WORK
  }

  /**
   * Where the data of every buffer starts: each is {@code ORIGIN} floats longer than asked for, and
   * kernels that stream vectors through it index from here. A float array's elements start 16 bytes
   * into the object; when the JVM aligns objects to 64 bytes ({@code
   * -XX:ObjectAlignmentInBytes=64}, which {@code ./convnet4j} asks for), element {@code ORIGIN}
   * starts a cache line, and a vector of 16 floats a multiple of 16 floats on never straddles two
   * lines. On this project's AVX-512 machine, a line-straddling store cost about twice an aligned
   * one, and conv2's Winograd passes, which store more than they compute, ran 1.2x faster aligned.
   * Under other object alignments nothing changes but 48 bytes.
   */
  static final int ORIGIN = 12;

  private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

  private final float[][] floats = new float[Slot.values().length][0];

  /** Row offsets of a {@link Gemm} tile's rows, {@link Gemm#MC} of them. */
  final int[] tileRowOffsets = new int[Gemm.MC];

  /** Row offsets of the {@link Gemm#KC} rows an {@link Im2col} block packs. */
  final int[] packRowOffsets = new int[Gemm.KC];

  /** Row offsets of one packed block, the index map of {@link VectorLoops#gatherColumn}. */
  final int[] gatherOffsets = new int[MicroKernel.NR];

  /** Row offsets for one {@link MicroKernel#multiplyRows} call. */
  final int[] rowOffsets = new int[MicroKernel.MR];

  /** Row offsets of the rows {@link RowSource#packRowPanel} copies. */
  final int[] panelRowOffsets = new int[MicroKernel.MR];

  /** Where this thread's kernels write blocks of {@code C}. */
  final BlockTarget target = new BlockTarget();

  private Scratch() {}

  static Scratch get() {
    return CURRENT.get();
  }

  /**
   * This thread's buffer for {@code slot}, at least {@code ORIGIN + size} long, contents undefined.
   */
  float[] floats(Slot slot, int size) {
    float[] buffer = floats[slot.ordinal()];
    if (buffer.length < ORIGIN + size) {
      buffer = new float[ORIGIN + size];
      floats[slot.ordinal()] = buffer;
    }
    return buffer;
  }
}
