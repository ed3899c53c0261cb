package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;

/** {@code matmul} and the dense layer's fused {@code matmulBias}, forward and gradient rule. */
public final class MatrixOps {

  private MatrixOps() {}

  /** See {@link org.convnet4j.Ops#matmul(Tensor, Tensor, boolean, boolean)}. */
  public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    return multiply("matmul", a, b, transposeA, transposeB, null, false);
  }

  /**
   * A dense layer's forward pass, {@code a · b + bias} followed by a ReLU when {@code relu}, in
   * one pass over the output where the kernels fuse them. The result equals {@code
   * relu(biasAdd(matmul(a, b), bias))} (without the ReLU when {@code relu} is false, without the
   * bias when {@code bias} is null, a layer's {@code use_bias=false}), and so does its gradient.
   *
   * <p>Shapes: a {@code [m, k]}, b {@code [k, n]}, bias {@code [n]}, output {@code [m, n]}.
   *
   * @throws IllegalArgumentException naming {@code matmulBias}, for operands that are not
   *     matrices, inner dimensions that differ, or a bias that is not {@code [n]}
   */
  public static Tensor matmulBias(Tensor a, Tensor b, Tensor bias, boolean relu) {
    return multiply("matmulBias", a, b, false, false, bias, relu);
  }

  // op(a) . op(b), plus the bias and the ReLU when given.
  private static Tensor multiply(String op, Tensor a, Tensor b, boolean transposeA,
      boolean transposeB, Tensor bias, boolean relu) {
    int[] sa = Checks.rank(op, "a", a, 2, transposeA ? "[k, m] (transposed)" : "[m, k]");
    int[] sb = Checks.rank(op, "b", b, 2, transposeB ? "[n, k] (transposed)" : "[k, n]");
    int m = transposeA ? sa[1] : sa[0];
    int ka = transposeA ? sa[0] : sa[1];
    int kb = transposeB ? sb[1] : sb[0];
    int n = transposeB ? sb[0] : sb[1];
    if (ka != kb) {
      throw Checks.fail(op, "a %s%s has %d columns but b %s%s has %d rows",
          Checks.shape(sa), transposeA ? " transposed" : "", ka,
          Checks.shape(sb), transposeB ? " transposed" : "", kb);
    }
    float[] c = Workspace.floats(m * n);
    if (bias != null) {
      Checks.bias(op, bias, n);
    }
    if (bias == null && !relu) {
      Kernels.active().matmul(data(a), transposeA, data(b), transposeB, c, m, n, ka);
    } else {
      Kernels.active().matmulBiasRelu(data(a), transposeA, data(b), transposeB,
          bias == null ? null : data(bias), relu, c, m, n, ka);
    }
    Tensor y = TensorAccess.wrap(c, m, n);
    if (Recording.tracked(a, b, bias)) {
      Recording.record(new Matmul(a, b, bias, transposeA, transposeB, relu, y, m, n, ka));
    }
    return y;
  }

  // y = relu(z), z = A.B + bias (no ReLU, no bias for matmul): dz = dy where y > 0, dbias = dz
  // summed over rows, dA = dz.B^T and dB = A^T.dz. With A or B stored transposed, the stored
  // gradient is the transpose of that, which the kernel's transpose flags express without copies.
  record Matmul(Tensor a, Tensor b, Tensor bias, boolean transposeA, boolean transposeB,
      boolean relu, Tensor output, int m, int n, int k) implements Node {
    @Override
    public Tensor[] inputs() {
      return bias == null ? new Tensor[] {a, b} : new Tensor[] {a, b, bias};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      BiasReluGradient dBiasRelu =
          BiasReluGradient.of(dOut, relu ? data(output) : null, bias != null && need[2], n);
      float[] dz = dBiasRelu.dz();
      float[][] gradients = new float[need.length][];
      if (need[0]) {
        gradients[0] = Workspace.floats(m * k);
        if (!transposeA) {
          Kernels.active().matmul(dz, false, data(b), !transposeB, gradients[0], m, k, n);
        } else {
          Kernels.active().matmul(data(b), transposeB, dz, true, gradients[0], k, m, n);
        }
      }
      if (need[1]) {
        gradients[1] = Workspace.floats(k * n);
        if (!transposeB) {
          Kernels.active().matmul(data(a), !transposeA, dz, false, gradients[1], k, n, m);
        } else {
          Kernels.active().matmul(dz, true, data(a), transposeA, gradients[1], n, k, m);
        }
      }
      if (bias != null) {
        gradients[2] = dBiasRelu.dBias();
      }
      return gradients;
    }
  }
}
