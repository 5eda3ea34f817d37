package org.dlas.bench;

import java.util.List;
import java.util.Optional;

import org.dlas.kernels.ConvSpec;

/**
 * Which (primitive, layer) pairs {@link TvmConvKernelBenchmark} measures. These are the rules of
 * the tuner's Relay strategy override ({@code dlas_tvm/strategy.py}), stated here so that {@link KernelBench}
 * can plan without building: a pair TVM would silently replace by another implementation is left
 * out, as {@link ConvKernelBenchmark} leaves out the pairs the Java kernels cannot run. The
 * benchmark's {@code @Setup} also checks what the build reports, so a drift between the two
 * fails loudly instead of measuring the wrong kernel.
 */
public final class TvmApplicability {
    /** The dlas primitive names the TVM builds accept, in the order of {@code Primitives.names()}. */
    public static final List<String> PRIMITIVES = List.of("direct", "gemm", "spatial-pack", "winograd", "csr", "bsr");

    /** TVM's block size for bsr (the tuner's default, as for the Java bsr kernel). */
    static final int BSR_BLOCK = 4;

    /** TVM's x86 strategies apply on this machine (the benchmarks build for the host CPU). */
    static final boolean X86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    private TvmApplicability() {}

    /** Why TVM cannot run {@code primitive} on {@code layer} as that primitive, or empty. */
    public static Optional<String> notApplicable(String primitive, String layer) {
        Layers.Layer l = Layers.get(layer);
        ConvSpec s = l.spec();
        boolean dense = isDense(l);
        boolean sparse = primitive.equals("csr") || primitive.equals("bsr");
        if (!PRIMITIVES.contains(primitive)) return Optional.of("unknown primitive " + primitive);
        if (dense) {
            if (primitive.equals("bsr") && (s.inChannels() % BSR_BLOCK != 0 || s.outChannels() % BSR_BLOCK != 0)) {
                return Optional.of("TVM's bsr needs both dimensions to be multiples of the " + BSR_BLOCK + "x" + BSR_BLOCK + " block");
            }
            if (!sparse && !primitive.equals("gemm")) {
                return Optional.of("TVM builds dense layers as nn.dense (a GEMM) whatever the dense primitive; measured once, as gemm");
            }
            return Optional.empty();
        }
        if (sparse) return Optional.of("TVM's sparse kernels (sparse_dense) take fully connected layers only");
        if (s.groups() != 1) return Optional.of("TVM has no " + primitive + " implementation for grouped/depthwise convolutions");
        if (primitive.equals("winograd") && (s.kernelH() != 3 || s.kernelW() != 3 || s.strideH() != 1 || s.strideW() != 1)) {
            return Optional.of("TVM's Winograd F(2x2,3x3) takes 3x3 stride-1 convolutions only");
        }
        if ((primitive.equals("spatial-pack") || primitive.equals("winograd")) && X86) {
            return Optional.of("TVM has no " + primitive + " NCHW conv2d template for x86 (topi.arm_cpu only)");
        }
        return Optional.empty();
    }

    /** A fully connected layer: a 1x1 convolution on a 1x1 image ({@link ConvSpec#dense}). */
    static boolean isDense(Layers.Layer l) {
        ConvSpec s = l.spec();
        return l.inH() == 1 && l.inW() == 1 && s.kernelH() == 1 && s.kernelW() == 1 && s.groups() == 1;
    }
}
