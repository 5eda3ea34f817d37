package org.dlas.compression;

import java.util.List;

import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.Primitives;
import org.dlas.spec.ParamSpec;

/**
 * A compressor that runs the fp32 model on calibration images ({@code int8} activation ranges,
 * {@code channel-prune} bias correction) with a conv primitive the caller may choose, e.g. a
 * faster kernel; by default the built-in {@code gemm}.
 */
public abstract class CalibratingCompressor implements Compressor {
    private final String name;
    private final List<ParamSpec> params;
    protected final ConvPrimitive calibrationPrimitive;

    protected CalibratingCompressor(String name, List<ParamSpec> params, ConvPrimitive calibrationPrimitive) {
        this.name = name;
        this.params = params;
        this.calibrationPrimitive = calibrationPrimitive;
    }

    /** The built-in reference convolution calibration runs with unless told otherwise. */
    protected static ConvPrimitive defaultCalibrationPrimitive() { return Primitives.create("gemm", java.util.Map.of()); }

    @Override public final String name() { return name; }

    @Override public final List<ParamSpec> params() { return params; }
}
