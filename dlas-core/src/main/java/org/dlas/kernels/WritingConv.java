package org.dlas.kernels;

/** A prepared conv written as one lambda that takes the caller's output array (see {@link PreparedConv#run(float[], int, int, int, float[])}). */
@FunctionalInterface
interface WritingConv extends PreparedConv {
    @Override float[] run(float[] input, int n, int h, int w, float[] into);

    @Override default float[] run(float[] input, int n, int h, int w) { return run(input, n, h, w, null); }
}
