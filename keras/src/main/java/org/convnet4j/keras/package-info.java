/**
 * Model files in Keras' {@code model.to_json()} format: {@link org.convnet4j.keras.KerasModelFile}
 * reads a Keras 2 or Keras 3 Sequential model into a {@link org.convnet4j.keras.KerasModel}, which
 * builds convnet4j {@link org.convnet4j.nn.Sequential} models, and writes a Sequential back in
 * Keras 3's form. Anything in a file convnet4j cannot honour is a {@link
 * org.convnet4j.keras.ModelFileException} naming the file, the layer and the key.
 *
 * <p>Uses core's public API ({@code nn}, {@code Padding}) and jackson-databind's tree model.
 */
package org.convnet4j.keras;
