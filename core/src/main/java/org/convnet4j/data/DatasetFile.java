package org.convnet4j.data;

/**
 * One file a fetch route delivers into the cache, with the SHA-256 (lower-case hex) it must have.
 */
record DatasetFile(String name, String sha256) {}
