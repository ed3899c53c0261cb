/**
 * The {@code convnet4j} command line (picocli): train, eval, predict, summary, shape, bench,
 * visualize. Turns library errors into one-line messages and exit codes and shows training
 * progress; what the commands draw and write lives in the subpackages ({@code report}, {@code
 * pictures}, {@code images}). Holds no model logic; depends on the core module, picocli,
 * progressbar and XChart.
 */
package org.convnet4j.cli;
