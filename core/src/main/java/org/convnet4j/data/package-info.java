/**
 * Data sets: the IDX file reader (raw or gzip), MNIST and Fashion-MNIST with TensorFlow's read_data_sets split, batching and one-hot labels, and fetching with hash checks into a per-user cache. Uses tensor only.
 */
package org.convnet4j.data;
