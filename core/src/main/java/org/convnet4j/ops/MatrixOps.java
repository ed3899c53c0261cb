package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;

/** {@code matmul} and the dense layer's fused {@code matmulBias}, forward and gradient rules. */
public final class MatrixOps {

  private MatrixOps() {}

  /** See {@link org.convnet4j.Ops#matmul(Tensor, Tensor, boolean, boolean)}. */
  public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    String op = "matmul";
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
    Kernels.active().matmul(data(a), transposeA, data(b), transposeB, c, m, n, ka);
    Tensor y = TensorAccess.wrap(c, m, n);
    if (Recording.tracked(a, b)) {
      Recording.record(new Matmul(a, b, transposeA, transposeB, y, m, n, ka));
    }
    return y;
  }

  // C = A.B gives dA = dC.B^T and dB = A^T.dC; with A or B stored transposed, the stored
  // gradient is the transpose of that, which the kernel's transpose flags express without copies.
  record Matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Tensor output,
      int m, int n, int k) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {a, b};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      return new float[][] {
        need[0] ? gradientA(dOut, b, transposeA, transposeB, m, n, k) : null,
        need[1] ? gradientB(dOut, a, transposeA, transposeB, m, n, k) : null
      };
    }
  }

  /**
   * A dense layer's forward pass, {@code a · b + bias} followed by a ReLU when {@code relu}, in
   * one pass over the output where the kernels fuse them. The result equals {@code
   * relu(biasAdd(matmul(a, b), bias))} (without the ReLU when {@code relu} is false), and so does
   * its gradient.
   *
   * <p>Shapes: a {@code [m, k]}, b {@code [k, n]}, bias {@code [n]}, output {@code [m, n]}.
   *
   * @throws IllegalArgumentException naming {@code matmulBias}, for operands that are not
   *     matrices, inner dimensions that differ, or a bias that is not {@code [n]}
   */
  public static Tensor matmulBias(Tensor a, Tensor b, Tensor bias, boolean relu) {
    String op = "matmulBias";
    int[] sa = Checks.rank(op, "a", a, 2, "[m, k]");
    int[] sb = Checks.rank(op, "b", b, 2, "[k, n]");
    if (sa[1] != sb[0]) {
      throw Checks.fail(op, "a %s has %d columns but b %s has %d rows",
          Checks.shape(sa), sa[1], Checks.shape(sb), sb[0]);
    }
    int m = sa[0];
    int k = sa[1];
    int n = sb[1];
    Checks.bias(op, bias, n);
    float[] c = Workspace.floats(m * n);
    Kernels.active().matmulBiasRelu(data(a), false, data(b), false, data(bias), relu, c, m, n, k);
    Tensor y = TensorAccess.wrap(c, m, n);
    if (Recording.tracked(a, b, bias)) {
      Recording.record(new MatmulBias(a, b, bias, y, relu, m, n, k));
    }
    return y;
  }

  // y = relu(z), z = a.b + bias: dz = dy where y > 0, dbias = dz summed over rows, and da, db are
  // matmul's rule applied to dz.
  record MatmulBias(Tensor a, Tensor b, Tensor bias, Tensor output, boolean relu,
      int m, int n, int k) implements Node {
    @Override
    public Tensor[] inputs() {
      return new Tensor[] {a, b, bias};
    }

    @Override
    public float[][] backward(float[] dOut, boolean[] need) {
      float[] dz = relu ? BiasReluGradient.throughRelu(dOut, data(output)) : dOut;
      return new float[][] {
        need[0] ? gradientA(dz, b, false, false, m, n, k) : null,
        need[1] ? gradientB(dz, a, false, false, m, n, k) : null,
        need[2] ? BiasReluGradient.sumOverRows(dz, n) : null
      };
    }
  }

  // dA, stored like A: dC . op(B)^T, or its transpose op(B) . dC^T when A is stored transposed.
  private static float[] gradientA(
      float[] dC, Tensor b, boolean transposeA, boolean transposeB, int m, int n, int k) {
    float[] dA = Workspace.floats(m * k);
    if (!transposeA) {
      Kernels.active().matmul(dC, false, data(b), !transposeB, dA, m, k, n);
    } else {
      Kernels.active().matmul(data(b), transposeB, dC, true, dA, k, m, n);
    }
    return dA;
  }

  // dB, stored like B: op(A)^T . dC, or its transpose dC^T . op(A) when B is stored transposed.
  private static float[] gradientB(
      float[] dC, Tensor a, boolean transposeA, boolean transposeB, int m, int n, int k) {
    float[] dB = Workspace.floats(k * n);
    if (!transposeB) {
      Kernels.active().matmul(data(a), !transposeA, dC, false, dB, k, n, m);
    } else {
      Kernels.active().matmul(dC, true, data(a), transposeA, dB, n, k, m);
    }
    return dB;
  }
}
