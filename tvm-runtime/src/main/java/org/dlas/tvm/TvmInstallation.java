package org.dlas.tvm;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bytedeco.javacpp.Loader;

/**
 * Where the TVM that Maven brought lives on this machine: JavaCPP extracts TVM (compiler and
 * runtime), its Python package, CPython, numpy, scipy and clang from the jars into its cache. This
 * class finds those paths, builds the environment a compile worker needs, and makes tvm4j loadable
 * in this JVM.
 */
public final class TvmInstallation {
    /** The TVM release the jars carry; part of every cache key. */
    public static final String TVM_VERSION = "0.18.0";

    static {
        // JavaCPP warns on stderr that the OpenCL/oneDNN presets TVM's artifact pulls in are of an
        // older release; harmless here, so its messages go to SLF4J (a no-op binding in dlas).
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
    }

    private static TvmInstallation instance;
    private static boolean tvm4jReady;

    private final Path python;
    private final List<Path> pythonPath;
    private final Path clangDir;
    private final Path runtimeDir;

    private TvmInstallation() throws IOException {
        python = Path.of(Loader.load(org.bytedeco.cpython.python.class));
        pythonPath = Arrays.stream(org.bytedeco.tvm.presets.tvm.cachePackages()).map(File::toPath).toList();
        clangDir = Path.of(Loader.load(org.bytedeco.llvm.program.clang.class)).getParent();
        runtimeDir = Path.of(Loader.load(org.bytedeco.tvm.presets.tvm_runtime.class)).getParent();
    }

    /** Extracts (first time only, ~1 GB, tens of seconds) and locates the bundled TVM. */
    public static synchronized TvmInstallation get() throws IOException {
        if (instance == null) instance = new TvmInstallation();
        return instance;
    }

    public Path python() { return python; }
    public List<Path> pythonPath() { return pythonPath; }

    /**
     * Environment of a process that runs TVM's Python: its builder/runner sub-processes start the
     * bundled interpreter and must find the bundled packages and shared libraries (libffi etc.).
     */
    public Map<String, String> childEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTHONPATH", join(pythonPath));
        List<Path> libs = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(Loader.getCacheDir().getPath()))) {
            for (Path jar : jars.sorted().toList()) {
                Path bytedeco = jar.resolve("org/bytedeco");
                if (!Files.isDirectory(bytedeco)) continue;
                try (Stream<Path> presets = Files.list(bytedeco)) {
                    presets.map(p -> p.resolve(Loader.getPlatform())).filter(Files::isDirectory).sorted().forEach(libs::add);
                }
            }
        }
        String inherited = System.getenv("LD_LIBRARY_PATH");
        env.put("LD_LIBRARY_PATH", join(libs) + (inherited == null || inherited.isBlank() ? "" : File.pathSeparator + inherited));
        env.put("PATH", clangDir + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TOPHUB_LOCATION", "NONE"); // never reach for TVM's online tuning logs
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /**
     * Makes tvm4j ({@code org.apache.tvm}) usable here. tvm4j loads a library named {@code tvm4j}
     * from {@code java.library.path}; its JNI code is JavaCPP's {@code libjnitvm_runtime.so}, so
     * a link by that name goes into the directory named by {@code dlas.native.dir} (the ./dlas
     * launcher and the build put it on java.library.path). tvm4j's loading chatter is dropped.
     */
    public synchronized void initTvm4j() throws IOException {
        if (tvm4jReady) return;
        String dir = System.getProperty("dlas.native.dir");
        String libraryPath = System.getProperty("java.library.path", "");
        if (dir == null || !Arrays.asList(libraryPath.split(File.pathSeparator)).contains(dir)) {
            throw new IOException("tvm4j needs the JVM started with -Ddlas.native.dir=DIR and DIR on -Djava.library.path"
                    + " (the ./dlas launcher does this); java.library.path is " + libraryPath);
        }
        Path nativeDir = Files.createDirectories(Path.of(dir));
        Path link = nativeDir.resolve("libtvm4j.so");
        Path jni = runtimeDir.resolve("libjnitvm_runtime.so");
        if (!Files.exists(link) || !Files.isSameFile(link, jni)) {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, jni);
        }
        System.setProperty("libtvm.so.path", runtimeDir.resolve("libtvm_runtime.so").toString());
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(OutputStream.nullOutputStream())); // tvm4j reports its loading on stderr
            Class.forName("org.apache.tvm.Base");
        } catch (ClassNotFoundException e) {
            throw new IOException("tvm4j classes are missing from the class path", e);
        } finally {
            System.setErr(err);
        }
        tvm4jReady = true;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
