package org.dlas.tuner.tvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.tuner.reuse.TuningDatabase;
import org.dlas.tvm.TvmInstallation;

/**
 * Builds models with TVM in a child JVM ({@link TvmCompileWorker}) and caches the result: the
 * library, graph, parameters and any tuning records live in {@code <dlas cache>/tvm/<key>}, where
 * the key hashes the model and compression (its weights), primitive, codegen, target, batch, the
 * build package ({@code dlas_tvm}), the TVM version and, for codegen {@code reuse}, the donor databases' content (they
 * are copied into the build directory, under {@code donors/}). A rerun finds them and does not
 * recompile. Untuned builds go to a long-lived compile server ({@link TvmCompileServers}); the
 * others (auto-scheduled, reuse) to a child JVM each.
 */
public final class TvmCompiler {
    private static final int LOG_TAIL_LINES = 15;

    private final Path cacheRoot;
    private final Duration timeout;

    public TvmCompiler(Path cacheRoot, Duration timeout) {
        this.cacheRoot = cacheRoot;
        this.timeout = timeout;
    }

    /** The cache under the dlas cache directory (where the trained models also live). */
    public static TvmCompiler standard() {
        return new TvmCompiler(ModelZoo.cacheDir().resolve("tvm"), Duration.ofHours(2));
    }

    public Path cacheRoot() { return cacheRoot; }

    public CompiledLibrary compile(Graph graph, TvmBuildOptions options) throws IOException, InterruptedException {
        RelayJob job = RelayJob.of(graph, options);
        Map<String, byte[]> buildPackage = BuildPackage.files();
        String key = key(job, buildPackage);
        Path dir = cacheRoot.resolve(key);
        if (CompiledLibrary.isComplete(dir)) return CompiledLibrary.load(dir, true);

        Files.createDirectories(cacheRoot);
        Path work = Files.createTempDirectory(cacheRoot, key + ".building-");
        job.writeTo(work);
        for (TuningDatabase donor : options.donors()) donor.copyTo(work.resolve("donors").resolve(donor.name()));
        BuildPackage.writeTo(work, buildPackage);
        Path log = work.resolve("compile.log");
        if ("untuned".equals(options.codegen()) && TvmCompileServers.enabled()) {
            TvmCompileServers.shared().build(work, log, TvmCompileServers.serverLog(cacheRoot), timeout);
        } else {
            runWorker(work, log); // tuning starts its own sub-processes and runs for minutes: one child JVM each
        }
        if (!CompiledLibrary.isComplete(work)) {
            throw new TvmBuildException("TVM finished without a library in " + work + "; log: " + tail(log));
        }
        try {
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException raced) {
            // another point or sweep built the same key meanwhile (rename(2) onto their folder: ENOTEMPTY, which
            // Java reports as a plain FileSystemException): keep theirs
            if (!CompiledLibrary.isComplete(dir)) throw raced;
        }
        return CompiledLibrary.load(CompiledLibrary.isComplete(dir) ? dir : work, false);
    }

    private void runWorker(Path work, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = TvmCompileWorker.process(work.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                kill(p);
                throw new TvmBuildException("TVM build timed out after " + timeout.toSeconds() + " s; log: " + tail(log));
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        if (p.exitValue() != 0) {
            throw new TvmBuildException("TVM build failed (exit " + p.exitValue() + "): " + tail(log));
        }
    }

    /** The worker and the tuning sub-processes it started. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String key(RelayJob job, Map<String, byte[]> buildPackage) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(TvmInstallation.TVM_VERSION.getBytes(StandardCharsets.UTF_8));
            BuildPackage.digest(d, buildPackage);
            d.update(job.jobJson());
            d.update(job.weights());
            return HexFormat.of().formatHex(d.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of a build log, with TVM's harmless LLVM-cpu warnings left out. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.contains("apple-latest")).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
                    + " (full log: " + log + ")";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A build that failed or timed out; the message carries the end of TVM's log. */
    public static final class TvmBuildException extends IOException {
        public TvmBuildException(String message) { super(message); }
    }
}
