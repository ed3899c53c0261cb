package org.convnet4j.onnx;

import java.util.List;
import org.convnet4j.nn.Sequential;

/**
 * A model read from an ONNX file.
 *
 * @param model the convnet4j model, fed NHWC {@code [n, h, w, c]} whatever the file's input layout
 * @param classNames the class names from the file's {@value OnnxExport#CLASS_NAMES} metadata, or
 *     empty
 * @param inputLayout how the file's graph takes its input: {@code NCHW} (PyTorch), {@code NHWC}
 *     (tf2onnx, convnet4j) or {@code flat}
 * @param notes what the import changed without changing the results, one sentence each (a final
 *     Softmax left out, an average that counts padding written as a convolution)
 */
public record ImportedModel(
    Sequential model, List<String> classNames, String inputLayout, List<String> notes) {

  public ImportedModel {
    classNames = List.copyOf(classNames);
    notes = List.copyOf(notes);
  }
}
