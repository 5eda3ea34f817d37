package org.dlas.tuner.tvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.tvm.Device;
import org.dlas.tvm.TvmInstallation;

/**
 * {@code hardware: gpu}: TVM's CUDA back end. It needs an NVIDIA GPU and a TVM built with CUDA
 * (Maven classifier {@code linux-x86_64-gpu}); where either is missing, points are skipped with
 * the reason.
 */
public final class GpuTarget extends TvmTarget {
    public GpuTarget() { super(TvmCompiler.standard()); }

    @Override public String name() { return "gpu"; }

    @Override public String description() {
        return "TVM " + TvmInstallation.TVM_VERSION + " (cuda) on an NVIDIA GPU, run through tvm4j";
    }

    @Override public Optional<String> unavailableReason() {
        if (!Files.exists(Path.of("/dev/nvidiactl")) && !Files.exists(Path.of("/dev/nvidia0"))) {
            return Optional.of("no NVIDIA GPU on this machine (no /dev/nvidia0)");
        }
        try {
            TvmInstallation.get().initTvm4j();
            if (!org.apache.tvm.Module.enabled("cuda")) {
                return Optional.of("the TVM on the class path was built without CUDA (use org.bytedeco:tvm:"
                        + TvmInstallation.TVM_VERSION + "-1.5.11 with classifier linux-x86_64-gpu)");
            }
        } catch (Exception | LinkageError e) {
            return Optional.of("TVM could not be loaded: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** No {@code reuse} here: dlas tunes donor databases for the CPU only. */
    @Override public List<String> codegens() { return List.of(UNTUNED, AUTOSCHEDULED); }

    @Override String tvmTarget(org.dlas.spec.Choice hardware) { return "cuda"; }

    @Override Device device() { return Device.cuda(); }
}
