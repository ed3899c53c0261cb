/**
 * The {@code convnet4j} command line (picocli): train, eval, predict, summary, shape, bench,
 * visualize. Turns library errors into one-line messages and exit codes, shows training progress,
 * and draws what the library computes: the training report page, its charts (XChart), learned
 * filters, feature maps and convolution-step diagrams (Java2D). Holds no model logic; depends on
 * the core module, picocli, progressbar and XChart.
 */
package org.convnet4j.cli;
