package org.convnet4j.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts each round: the weights, and for rounds of several local steps the
 * optimizer's state, which each partition continues from.
 *
 * @param firstStep the global step (from 0) the round starts at
 * @param steps local steps each partition runs, at least 1
 * @param weights every variable's values, in {@code Sequential.variables()} order, end to end
 * @param learningRate the driver's step size at the round's first step (local steps under
 *     reduce-on-plateau only, see {@link Job#newOptimizer})
 * @param iterations the optimizer's step count (local steps only)
 * @param slotNames the optimizer's state, keyed {@code variable/slot} (local steps only; empty
 *     before the first step)
 * @param slots the state's arrays end to end, in {@code slotNames} order
 */
record Round(
    long firstStep,
    int steps,
    float[] weights,
    float learningRate,
    long iterations,
    String[] slotNames,
    float[] slots)
    implements Serializable {}
