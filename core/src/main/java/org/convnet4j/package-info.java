/**
 * The public API: {@link org.convnet4j.Tensor}, {@link org.convnet4j.Padding}, {@link org.convnet4j.Ops} and {@link org.convnet4j.GradientTape}. Tensor and Padding form the tensor layer; Ops and GradientTape are the front doors of the ops and autodiff layers. A user imports little beyond this package and {@code nn}.
 */
package org.convnet4j;
