/**
 * ONNX export and import: {@link org.convnet4j.onnx.OnnxExport} writes a {@link
 * org.convnet4j.nn.Sequential} model as an ONNX graph (IR version 8, opset 13) with TensorFlow's
 * semantics kept, and {@link org.convnet4j.onnx.OnnxImport} reads the CNNs PyTorch, tf2onnx and
 * convnet4j export back into one. Depends on the core module's public API and layer classes and on
 * the ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}) of Tribuo's {@code tribuo-util-onnx}
 * with {@code protobuf-java}; the core depends on nothing here. ONNX Runtime checks the exports in
 * the tests only.
 */
package org.convnet4j.onnx;
