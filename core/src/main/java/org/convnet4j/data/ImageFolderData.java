package org.convnet4j.data;

import java.util.List;

/**
 * An image folder read into a data set.
 *
 * @param data the three splits and the class names
 * @param spec the spec with everything filled in: image size, channels and class names
 * @param skipped the images skipped as damaged (with {@link ImageFolderSpec#skipBadImages()}), each
 *     as its one-line error
 * @param notes what the reader did that the user should know, one line each: splits held out,
 *     images decoded or read from the cache
 */
public record ImageFolderData(
    DataSets data, ImageFolderSpec spec, List<String> skipped, List<String> notes) {

  /** Copies the lists. */
  public ImageFolderData {
    skipped = List.copyOf(skipped);
    notes = List.copyOf(notes);
  }
}
