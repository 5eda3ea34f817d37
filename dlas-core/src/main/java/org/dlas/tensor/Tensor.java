package org.dlas.tensor;

import java.util.Arrays;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A dense fp32 tensor in row-major order. Activations are NCHW; conv weights are
 * [K, C/groups, R, S]; dense weights are [out, in]. Kept deliberately plain (a shape and a
 * float array) so kernels can work on the array directly without abstraction overhead.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    public Tensor(int[] shape, float[] data) {
        if (numel(shape) != data.length) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "shape " + Arrays.toString(shape) + " needs "
                    + numel(shape) + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[numel(shape)]);
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int[] shape() { return shape.clone(); }
    public int dim(int i) { return shape[i]; }
    public int rank() { return shape.length; }
    public int numel() { return data.length; }
    /** The backing array (not a copy): kernels read and write it in place. */
    public float[] data() { return data; }

    public Tensor reshape(int... newShape) { return new Tensor(newShape, data); }
    public Tensor copy() { return new Tensor(shape, data.clone()); }

    /** Largest absolute element-wise difference; shapes must match. */
    public float maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "shape mismatch " + Arrays.toString(shape) + " vs " + Arrays.toString(other.shape));
        }
        float m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - other.data[i]));
        return m;
    }

    @Override public String toString() { return "Tensor" + Arrays.toString(shape); }
}
