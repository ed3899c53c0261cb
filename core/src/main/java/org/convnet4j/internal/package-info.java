/**
 * Library-internal plumbing, not API: zero-copy access to tensors' arrays for ops and layers, and
 * atomic file writes for checkpoints and reports.
 */
package org.convnet4j.internal;
