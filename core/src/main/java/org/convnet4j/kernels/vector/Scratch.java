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
    CONV_PARTIALS,
    CONV_PACKED_GRADIENT,
    BIAS_BLOCK_SUMS,
    FEW_ROWS_PARTIALS,
    WINOGRAD_FILTER,
    WINOGRAD_FILTER_ROWS,
    WINOGRAD_INPUT,
    WINOGRAD_PATCHES,
    WINOGRAD_PRODUCTS,
    WINOGRAD_WORK
  }

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

  /** This thread's buffer for {@code slot}, at least {@code size} long, contents undefined. */
  float[] floats(Slot slot, int size) {
    float[] buffer = floats[slot.ordinal()];
    if (buffer.length < size) {
      buffer = new float[size];
      floats[slot.ordinal()] = buffer;
    }
    return buffer;
  }
}
