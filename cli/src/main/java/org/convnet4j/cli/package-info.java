/**
 * The {@code convnet4j} command line (picocli): train, eval, predict, shape, summary, bench,
 * visualize. Turns library errors into one-line messages and exit codes; holds no model logic.
 */
package org.convnet4j.cli;
