package org.dlas.tuner.tvm;

import org.apache.tvm.Device;
import org.dlas.tvm.TvmInstallation;

/** {@code hardware: cpu}: TVM's LLVM back end for this machine's CPU. */
public final class CpuTarget extends TvmTarget {
    public CpuTarget() { this(TvmCompiler.standard()); }

    /** A CPU target building through {@code compiler} (its own cache directory). */
    public CpuTarget(TvmCompiler compiler) { super(compiler); }

    @Override public String name() { return "cpu"; }

    @Override public String description() {
        return "TVM " + TvmInstallation.TVM_VERSION + " (llvm) on this machine's CPU, " + cores() + " cores, run through tvm4j";
    }

    @Override String tvmTarget() { return llvmTarget(); }

    /** The TVM target string for this machine's CPU, e.g. {@code llvm -num-cores 2}. */
    public static String llvmTarget() { return "llvm -num-cores " + cores(); }

    @Override Device device() { return Device.cpu(); }

    private static int cores() { return Runtime.getRuntime().availableProcessors(); }
}
