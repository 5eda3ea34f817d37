package org.dlas.tuner.tvm;

import java.util.List;
import java.util.Map;

import org.apache.tvm.Device;
import org.dlas.ir.Shape;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.tvm.TvmInstallation;

/**
 * {@code hardware: cpu}: TVM's LLVM back end for this machine's CPU. The target string names the
 * host CPU ({@code -mcpu}, as LLVM detects it, so LLVM uses its vector extensions and TVM's x86
 * strategies their widths) and the cores ({@code -num-cores}); both can be overridden per point,
 * or the whole target string replaced.
 */
public final class CpuTarget extends TvmTarget {
    static final String MCPU = "mcpu";
    static final String TARGET = "target";
    static final String THREADS = "threads";
    static final String RPC = "rpc";
    static final String RPC_TRACKER = "tracker";
    static final String RPC_KEY = "key";
    static final String RPC_SECRET_FILE = "secret_file";
    /** The {@code mcpu} value that means: this machine's CPU. */
    static final String HOST = "host";

    public CpuTarget() { this(TvmCompiler.standard()); }

    /** A CPU target building through {@code compiler} (its own cache directory). */
    public CpuTarget(TvmCompiler compiler) { super(compiler); }

    @Override public String name() { return "cpu"; }

    @Override public String description() {
        return "TVM " + TvmInstallation.TVM_VERSION + " (llvm) on this machine's CPU, " + cores() + " cores, run through tvm4j";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text(MCPU, "LLVM CPU name for -mcpu, e.g. skylake-avx512; host = this machine's, as LLVM detects it", HOST),
                ParamSpec.integer(THREADS, "cores the generated code is built for (-num-cores); 0 = the CPUs this JVM sees", 0, 0, 1024),
                ParamSpec.text(TARGET, "the whole TVM target string, replacing mcpu and threads, e.g. \"llvm -mcpu=znver3 -num-cores 8\";"
                        + " empty = built from mcpu and threads", ""),
                ParamSpec.block(RPC, "run on a remote CPU host instead of here: {tracker: HOST:PORT, key: KEY[, secret_file: FILE]}, a host"
                        + " from TVM's RPC tracker (`dlas tracker`) where `dlas rpc-server --tracker HOST:PORT --key KEY` serves; the build"
                        + " happens here (set mcpu/target for the remote CPU), secret_file defaults to ~/.dlas/board-secret",
                        List.of(RPC_TRACKER, RPC_KEY, RPC_SECRET_FILE)));
    }

    @Override public String problem(String param, Object value) {
        if (!RPC.equals(param) || !(value instanceof Map<?, ?> rpc)) return null;
        if (!rpc.containsKey(RPC_TRACKER) || !rpc.containsKey(RPC_KEY)) {
            return "rpc needs tracker and key, e.g. rpc: {tracker: 127.0.0.1:9190, key: x86-host} (accepted: tracker, key, secret_file)";
        }
        String tracker = String.valueOf(rpc.get(RPC_TRACKER));
        if (!tracker.matches("[^\\s:]+:\\d{1,5}") || Integer.parseInt(tracker.substring(tracker.lastIndexOf(':') + 1)) > 65535) {
            return "rpc tracker must be HOST:PORT (the address `dlas tracker` prints, e.g. 127.0.0.1:9190), got '" + tracker + "'";
        }
        return null;
    }

    @Override LoadedTvmModel load(CompiledLibrary built, Choice hardware, int batch, Shape inputShape, int classes) throws Exception {
        Object rpc = hardware.params().get(RPC);
        if (rpc instanceof Map<?, ?> m && !m.isEmpty()) return new RemoteTvmModel(built, RemoteTvmModel.Link.of(m), batch, inputShape, classes);
        return super.load(built, hardware, batch, inputShape, classes);
    }

    @Override String tvmTarget(Choice hardware) {
        String whole = String.valueOf(hardware.params().getOrDefault(TARGET, "")).trim();
        if (!whole.isEmpty()) return whole;
        String mcpu = String.valueOf(hardware.params().getOrDefault(MCPU, HOST));
        int threads = ((Number) hardware.params().getOrDefault(THREADS, 0)).intValue();
        return llvmTarget(HOST.equals(mcpu) ? HostCpu.llvmName() : mcpu, threads == 0 ? cores() : threads);
    }

    /** The TVM target string for this machine's CPU, e.g. {@code llvm -mcpu=skylake-avx512 -num-cores 2}. */
    public static String llvmTarget() { return llvmTarget(HostCpu.llvmName(), cores()); }

    /** The same for {@code cores} cores. */
    public static String llvmTarget(int cores) { return llvmTarget(HostCpu.llvmName(), cores); }

    static String llvmTarget(String mcpu, int cores) { return "llvm -mcpu=" + mcpu + " -num-cores " + cores; }

    @Override Device device() { return Device.cpu(); }

    private static int cores() { return Runtime.getRuntime().availableProcessors(); }
}
