package org.dlas.kernels;

import java.util.List;
import java.util.Map;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Block-sparse: per group the weight matrix [K/groups, C/groups*R*S] is cut into blocks of
 * {@code blockRows x blockCols} (the ragged last block row / column is padded with zeros) and
 * stored in BSR: block-row pointers, block-column indices and the dense values of every block
 * that holds at least one non-zero (all-zero blocks are dropped). Each stored block multiplies
 * {@code blockCols} rows of the lowered input (see {@link Lowered}) into {@code blockRows}
 * output rows.
 */
public final class BsrPrimitive implements ConvPrimitive {
    public static final String NAME = "bsr";
    public static final int DEFAULT_BLOCK = 4;
    public static final int MAX_BLOCK = 64;

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("block_rows", "rows (output channels) per stored block", DEFAULT_BLOCK, 1, MAX_BLOCK),
            ParamSpec.integer("block_cols", "columns (input channel x kernel taps) per stored block", DEFAULT_BLOCK, 1, MAX_BLOCK));

    private final int blockRows, blockCols;

    public BsrPrimitive() { this(DEFAULT_BLOCK, DEFAULT_BLOCK); }

    public BsrPrimitive(int blockRows, int blockCols) {
        if (blockRows < 1 || blockRows > MAX_BLOCK || blockCols < 1 || blockCols > MAX_BLOCK) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "bsr block must be 1..64 x 1..64, got " + blockRows + "x" + blockCols);
        }
        this.blockRows = blockRows;
        this.blockCols = blockCols;
    }

    public int blockRows() { return blockRows; }
    public int blockCols() { return blockCols; }

    @Override public String name() { return NAME; }

    @Override public boolean sparse() { return true; }

    @Override public List<ParamSpec> params() { return PARAMS; }

    @Override public ConvPrimitive withParams(Map<String, Object> params) {
        return new BsrPrimitive(Primitives.intParam(NAME, params, PARAMS.get(0)), Primitives.intParam(NAME, params, PARAMS.get(1)));
    }

    /** BSR form of one group: values[e * br * bc + i * bc + jj] is row i, column jj of block e. */
    private record Bsr(int[] rowPtr, int[] blockCol, float[] vf, int[] vi) {}

    private Bsr[] build(ConvSpec spec, float[] wf, byte[] wb) {
        int br = blockRows, bc = blockCols;
        int kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        int blockRowCount = (kg + br - 1) / br, blockColCount = (kd + bc - 1) / bc;
        Bsr[] out = new Bsr[spec.groups()];
        for (int g = 0; g < spec.groups(); g++) {
            int base = g * kg * kd;
            boolean[] keep = new boolean[blockRowCount * blockColCount];
            int kept = 0;
            for (int ib = 0; ib < blockRowCount; ib++) {
                for (int jb = 0; jb < blockColCount; jb++) {
                    boolean any = false;
                    for (int i = ib * br; i < Math.min(kg, ib * br + br) && !any; i++) {
                        for (int c = jb * bc; c < Math.min(kd, jb * bc + bc); c++) {
                            int at = base + i * kd + c;
                            if (wf != null ? wf[at] != 0f : wb[at] != 0) { any = true; break; }
                        }
                    }
                    if (any) { keep[ib * blockColCount + jb] = true; kept++; }
                }
            }
            int[] rowPtr = new int[blockRowCount + 1], blockCol = new int[kept];
            float[] vf = wf != null ? new float[kept * br * bc] : null;
            int[] vi = wf != null ? null : new int[kept * br * bc];
            int e = 0;
            for (int ib = 0; ib < blockRowCount; ib++) {
                for (int jb = 0; jb < blockColCount; jb++) {
                    if (!keep[ib * blockColCount + jb]) continue;
                    blockCol[e] = jb;
                    for (int i = 0; i < br && ib * br + i < kg; i++) {
                        for (int jj = 0; jj < bc && jb * bc + jj < kd; jj++) {
                            int at = base + (ib * br + i) * kd + jb * bc + jj, v = e * br * bc + i * bc + jj;
                            if (vf != null) vf[v] = wf[at]; else vi[v] = wb[at];
                        }
                    }
                    e++;
                }
                rowPtr[ib + 1] = e;
            }
            out[g] = new Bsr(rowPtr, blockCol, vf, vi);
        }
        return out;
    }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        Bsr[] bsr = build(spec, weights, null);
        int br = blockRows, bc = blockCols, kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        float[] b = bias == null ? null : bias.clone();
        Lowered.ProductF product = new Lowered.ProductF() {
            @Override public void block(int g, int from, int to, float[][] col, int base, int nb, float[] tile) {
                int[] rowPtr = bsr[g].rowPtr(), blockCol = bsr[g].blockCol();
                float[] vals = bsr[g].vf();
                float[][] acc = new float[br][Gemm.NB];
                for (int r0 = from; r0 < to; r0 += br) {
                    int ib = r0 / br, rows = Math.min(br, kg - r0);
                    for (int e = rowPtr[ib]; e < rowPtr[ib + 1]; e++) {
                        int c0 = blockCol[e] * bc, cols = Math.min(bc, kd - c0), v0 = e * br * bc;
                        for (int jj = 0; jj < cols; jj++) {
                            float[] bk = col[base + c0 + jj];
                            for (int i = 0; i < rows; i++) {
                                float v = vals[v0 + i * bc + jj];
                                float[] a = acc[i];
                                for (int j = 0; j < nb; j++) a[j] += v * bk[j];
                            }
                        }
                    }
                    for (int i = 0; i < rows; i++) {
                        System.arraycopy(acc[i], 0, tile, (r0 + i - from) * Gemm.NB, nb);
                        java.util.Arrays.fill(acc[i], 0, nb, 0f);
                    }
                }
            }
            @Override public void vector(int g, int from, int to, float[] x, int xOff, float[] y, int yOff) {
                int[] rowPtr = bsr[g].rowPtr(), blockCol = bsr[g].blockCol();
                float[] vals = bsr[g].vf();
                float[] acc = new float[br];
                for (int r0 = from; r0 < to; r0 += br) {
                    int ib = r0 / br, rows = Math.min(br, kg - r0);
                    java.util.Arrays.fill(acc, 0f);
                    for (int e = rowPtr[ib]; e < rowPtr[ib + 1]; e++) {
                        int c0 = blockCol[e] * bc, cols = Math.min(bc, kd - c0), v0 = e * br * bc;
                        for (int jj = 0; jj < cols; jj++) {
                            float xv = x[xOff + c0 + jj];
                            for (int i = 0; i < rows; i++) acc[i] += vals[v0 + i * bc + jj] * xv;
                        }
                    }
                    for (int i = 0; i < rows; i++) y[yOff + r0 + i] = acc[i];
                }
            }
        };
        return (input, n, h, w) -> Lowered.run(spec, b, product, br, input, n, h, w);
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        Bsr[] bsr = build(spec, null, weights);
        int br = blockRows, bc = blockCols, kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        int[] b = bias == null ? null : bias.clone();
        Lowered.ProductI product = new Lowered.ProductI() {
            @Override public void block(int g, int from, int to, int[][] col, int base, int nb, int[] tile) {
                int[] rowPtr = bsr[g].rowPtr(), blockCol = bsr[g].blockCol();
                int[] vals = bsr[g].vi();
                int[][] acc = new int[br][Gemm.NB];
                for (int r0 = from; r0 < to; r0 += br) {
                    int ib = r0 / br, rows = Math.min(br, kg - r0);
                    for (int e = rowPtr[ib]; e < rowPtr[ib + 1]; e++) {
                        int c0 = blockCol[e] * bc, cols = Math.min(bc, kd - c0), v0 = e * br * bc;
                        for (int jj = 0; jj < cols; jj++) {
                            int[] bk = col[base + c0 + jj];
                            for (int i = 0; i < rows; i++) {
                                int v = vals[v0 + i * bc + jj];
                                int[] a = acc[i];
                                for (int j = 0; j < nb; j++) a[j] += v * bk[j];
                            }
                        }
                    }
                    for (int i = 0; i < rows; i++) {
                        System.arraycopy(acc[i], 0, tile, (r0 + i - from) * Gemm.NB, nb);
                        java.util.Arrays.fill(acc[i], 0, nb, 0);
                    }
                }
            }
            @Override public void vector(int g, int from, int to, int[] x, int xOff, int[] y, int yOff) {
                int[] rowPtr = bsr[g].rowPtr(), blockCol = bsr[g].blockCol();
                int[] vals = bsr[g].vi();
                int[] acc = new int[br];
                for (int r0 = from; r0 < to; r0 += br) {
                    int ib = r0 / br, rows = Math.min(br, kg - r0);
                    java.util.Arrays.fill(acc, 0);
                    for (int e = rowPtr[ib]; e < rowPtr[ib + 1]; e++) {
                        int c0 = blockCol[e] * bc, cols = Math.min(bc, kd - c0), v0 = e * br * bc;
                        for (int jj = 0; jj < cols; jj++) {
                            int xv = x[xOff + c0 + jj];
                            for (int i = 0; i < rows; i++) acc[i] += vals[v0 + i * bc + jj] * xv;
                        }
                    }
                    for (int i = 0; i < rows; i++) y[yOff + r0 + i] = acc[i];
                }
            }
        };
        return (input, n, h, w, zp) -> Lowered.run(spec, b, product, br, input, n, h, w, zp);
    }
}
