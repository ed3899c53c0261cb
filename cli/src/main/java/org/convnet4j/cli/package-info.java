/**
 * The {@code convnet4j} command line (picocli): train, eval, predict, summary, shape, bench,
 * visualize, export and import (ONNX, through the onnx module). Turns library errors into one-line messages and exit codes and shows training
 * progress; what the commands draw and write lives in the subpackages ({@code report}, {@code
 * pictures}, {@code images}). Holds no model logic; depends on the core and onnx modules,
 * picocli, progressbar and XChart.
 */
package org.convnet4j.cli;
