/**
 * Library-internal plumbing, not API: zero-copy access to tensors' arrays for ops and layers.
 */
package org.convnet4j.internal;
