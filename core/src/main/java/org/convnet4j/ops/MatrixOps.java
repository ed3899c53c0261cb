package org.convnet4j.ops;

import static org.convnet4j.internal.TensorAccess.data;

import org.convnet4j.Tensor;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.kernels.Kernels;

/** {@code matmul}, forward and gradient rule. */
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
    float[] c = new float[m * n];
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
      Kernels kernels = Kernels.active();
      float[] dA = null;
      float[] dB = null;
      if (need[0]) {
        dA = new float[m * k];
        if (!transposeA) {
          kernels.matmul(dOut, false, data(b), !transposeB, dA, m, k, n); // dC . op(B)^T
        } else {
          kernels.matmul(data(b), transposeB, dOut, true, dA, k, m, n); // op(B) . dC^T
        }
      }
      if (need[1]) {
        dB = new float[k * n];
        if (!transposeB) {
          kernels.matmul(data(a), !transposeA, dOut, false, dB, k, n, m); // op(A)^T . dC
        } else {
          kernels.matmul(dOut, true, data(a), transposeA, dB, n, k, m); // dC^T . op(A)
        }
      }
      return new float[][] {dA, dB};
    }
  }
}
