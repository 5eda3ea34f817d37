package org.dlas.tuner.tvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python package that builds a model with TVM, {@code dlas_tvm} (resources beside this class). Each build
 * directory gets its own copy, so that it holds everything its library was built from, and the package's bytes are
 * part of the build cache's key.
 */
final class BuildPackage {
    /** The package name: run as {@code python -m dlas_tvm JOB_DIR}. */
    static final String NAME = "dlas_tvm";
    /** Its modules (resources cannot be listed from a jar; BuildPackageTest checks this against the sources). */
    static final List<String> MODULES = List.of("__init__.py", "__main__.py", "build.py", "cost_model.py", "job.py", "kernel_choice.py",
            "relay_graph.py", "reuse.py", "search_curve.py", "strategy.py", "tuning.py");

    private BuildPackage() { }

    /** Module file name to its bytes, in {@link #MODULES} order. */
    static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String module : MODULES) {
            try (InputStream in = BuildPackage.class.getResourceAsStream(NAME + "/" + module)) {
                if (in == null) throw new IOException(NAME + "/" + module + " is missing from the tuner jar");
                files.put(module, in.readAllBytes());
            }
        }
        return files;
    }

    /** Writes the package into {@code dir/dlas_tvm}. */
    static void writeTo(Path dir, Map<String, byte[]> files) throws IOException {
        Path pkg = Files.createDirectories(dir.resolve(NAME));
        for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(pkg.resolve(f.getKey()), f.getValue());
    }

    /** Adds every module's name and bytes to {@code digest}. */
    static void digest(MessageDigest digest, Map<String, byte[]> files) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            digest.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(f.getValue());
        }
    }

    /** Whether {@code jobDir} holds a copy of the package. */
    static boolean isIn(Path jobDir) {
        return Files.isRegularFile(jobDir.resolve(NAME).resolve("__main__.py"));
    }

    /**
     * Python that builds {@code jobDir} with the copy of the package inside it, as {@code python -m dlas_tvm JOB_DIR}
     * does but without leaving the interpreter on success: modules of an earlier job's copy (a compile server builds
     * job after job) are dropped first, so every job runs its own copy fresh.
     */
    static String invocation(Path jobDir) {
        String dir = TvmCompileWorker.literal(jobDir.toString());
        return "import sys\n"
                + "for _dlas_m in [m for m in sys.modules if m == '" + NAME + "' or m.startswith('" + NAME + ".')]:\n"
                + "    del sys.modules[_dlas_m]\n"
                + "sys.path.insert(0, " + dir + ")\n"
                + "sys.argv = ['" + NAME + "', " + dir + "]\n"
                + "try:\n"
                + "    from " + NAME + ".__main__ import main as _dlas_main\n"
                + "    _dlas_main([" + dir + "])\n"
                + "finally:\n"
                + "    sys.path.remove(" + dir + ")\n";
    }
}
