package org.dlas.tuner.tvm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.cpython.global.python;
import org.bytedeco.javacpp.Loader;
import org.dlas.tvm.TvmInstallation;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Main class of the child JVM that builds TVM libraries: it starts CPython embedded in this JVM
 * with the bundled TVM package and runs {@code dlas_tvm.py} on job directories. It runs in its own
 * process so that a crash or hang inside the compiler fails one point, not the sweep.
 * <ul>
 *   <li>{@code TvmCompileWorker JOB_DIR}: builds (and tunes) one job; exit status 0: the library was
 *       built; anything else: see the job's {@code compile.log}.</li>
 *   <li>{@code TvmCompileWorker --serve}: a compile server ({@link TvmCompileServers}): Python and TVM
 *       are started once, then each job directory read from standard input is built in turn, its
 *       Python output going to the job's {@code compile.log}, and a line {@value #DONE} followed by
 *       the status (0: built) is written to standard output. This saves the JVM start, the
 *       interpreter start and TVM's import (several seconds) on every build after the first.</li>
 * </ul>
 */
public final class TvmCompileWorker {
    static final String SERVE = "--serve";
    static final String DONE = "DLAS-TVM-JOB-DONE";

    private TvmCompileWorker() { }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TvmCompileWorker JOB_DIR | " + SERVE);
            System.exit(2);
        }
        String interpreter = Loader.load(org.bytedeco.cpython.python.class);
        org.bytedeco.cpython.helper.python.Py_Initialize(org.bytedeco.tvm.presets.tvm.cachePackages());
        // TVM's tuning builders and runners are sub-processes started from sys.executable: that
        // must be the bundled interpreter, not the JVM.
        python.PyRun_SimpleString("import sys\nsys.executable = " + literal(interpreter) + "\n");
        int rc = 0;
        if (args[0].equals(SERVE)) {
            serve();
        } else {
            Path jobDir = job(args[0]);
            rc = python.PyRun_SimpleString("sys.argv = [" + literal(jobDir.resolve(TvmCompiler.SCRIPT).toString()) + ", "
                    + literal(jobDir.toString()) + "]\n"
                    + "exec(compile(open(sys.argv[0]).read(), sys.argv[0], 'exec'), {'__name__': '__main__'})\n");
        }
        System.out.flush();
        System.err.flush();
        // Leave without Py_FinalizeEx: TVM's thread pools make interpreter teardown slow and fragile.
        Runtime.getRuntime().halt(rc == 0 ? 0 : 1);
    }

    /** Builds the job directories read from standard input, one a line, until it closes. */
    private static void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            python.PyRun_SimpleString(jobInServer(job(line.trim())));
        }
    }

    private static Path job(String dir) {
        Path jobDir = Path.of(dir).toAbsolutePath();
        if (!Files.isRegularFile(jobDir.resolve(TvmCompiler.SCRIPT))) throw new InvalidInputException(ErrorKind.MISSING, "no " + jobDir.resolve(TvmCompiler.SCRIPT));
        return jobDir;
    }

    /**
     * Python that runs the build script on one job inside the server: output to the job's
     * compile.log, a SystemExit or any exception turned into a status (never leaving the
     * interpreter), then the {@value #DONE} line on the process's standard output.
     */
    static String jobInServer(Path jobDir) {
        String script = literal(jobDir.resolve(TvmCompiler.SCRIPT).toString());
        return "import os, sys, traceback\n"
                + "_dlas_streams = (sys.stdout, sys.stderr)\n"
                + "_dlas_log = open(" + literal(jobDir.resolve("compile.log").toString()) + ", 'a', buffering=1)\n"
                + "sys.stdout = sys.stderr = _dlas_log\n"
                + "sys.argv = [" + script + ", " + literal(jobDir.toString()) + "]\n"
                + "_dlas_rc = 0\n"
                + "try:\n"
                + "    exec(compile(open(sys.argv[0]).read(), sys.argv[0], 'exec'), {'__name__': '__main__'})\n"
                + "except SystemExit as e:\n"
                + "    _dlas_rc = 0 if e.code in (None, 0) else 1\n"
                + "except BaseException:\n"
                + "    traceback.print_exc()\n"
                + "    _dlas_rc = 1\n"
                + "finally:\n"
                + "    sys.stdout, sys.stderr = _dlas_streams\n"
                + "    _dlas_log.close()\n"
                + "os.write(1, ('" + DONE + " %d\\n' % _dlas_rc).encode())\n";
    }

    /**
     * A process running this worker with {@code args} in a fresh JVM on this JVM's class path, with
     * the same unpacked TVM (JavaCPP cache) and the environment TVM's Python needs.
     */
    static ProcessBuilder process(String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        String javacppCache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (javacppCache != null) command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), TvmCompileWorker.class.getName()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(TvmInstallation.get().childEnvironment());
        return pb;
    }

    /** A Python string literal for a path (no quotes or backslashes expected, but escaped anyway). */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
