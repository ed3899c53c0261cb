/**
 * The translation experiment: what weight sharing buys when a digit moves. MNIST digits placed on a
 * larger canvas ({@link org.convnet4j.train.translation.Canvas}), four networks ({@link
 * org.convnet4j.train.translation.TranslationNetwork}) trained in three regimes ({@link
 * org.convnet4j.train.translation.Regime}) and tested on a grid of positions ({@link
 * org.convnet4j.train.translation.OffsetGrid}); {@link
 * org.convnet4j.train.translation.TranslationExperiment} runs it, {@link
 * org.convnet4j.train.translation.TranslationResult} holds and writes the numbers.
 *
 * <p>Uses {@code train}, {@code nn}, {@code optim} and {@code data}; knows nothing of the command
 * line or of pictures.
 */
package org.convnet4j.train.translation;
