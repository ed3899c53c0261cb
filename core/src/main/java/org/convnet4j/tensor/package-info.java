/**
 * The tensor layer below everything: output-size arithmetic ({@link org.convnet4j.tensor.AxisGeometry}) and the resolved geometry of convolution and pooling windows. Uses the JDK and {@link org.convnet4j.Padding} only.
 */
package org.convnet4j.tensor;
