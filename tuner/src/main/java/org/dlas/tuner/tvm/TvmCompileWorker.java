package org.dlas.tuner.tvm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.cpython.global.python;
import org.bytedeco.javacpp.Loader;

/**
 * Main class of the child JVM that builds (and tunes) one model: it starts CPython embedded in
 * this JVM with the bundled TVM package and runs {@code dlas_tvm.py} on a job directory. It runs
 * in its own process so that a crash or hang inside the compiler fails one point, not the sweep.
 * Exit status 0: the library was built; anything else: see the job's {@code compile.log}.
 */
public final class TvmCompileWorker {
    private TvmCompileWorker() { }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TvmCompileWorker JOB_DIR");
            System.exit(2);
        }
        Path jobDir = Path.of(args[0]).toAbsolutePath();
        Path script = jobDir.resolve(TvmCompiler.SCRIPT);
        if (!Files.isRegularFile(script)) throw new IllegalArgumentException("no " + script);
        String interpreter = Loader.load(org.bytedeco.cpython.python.class);
        org.bytedeco.cpython.helper.python.Py_Initialize(org.bytedeco.tvm.presets.tvm.cachePackages());
        // TVM's tuning builders and runners are sub-processes started from sys.executable: that
        // must be the bundled interpreter, not the JVM.
        String code = "import sys\n"
                + "sys.executable = " + literal(interpreter) + "\n"
                + "sys.argv = [" + literal(script.toString()) + ", " + literal(jobDir.toString()) + "]\n"
                + "exec(compile(open(sys.argv[0]).read(), sys.argv[0], 'exec'), {'__name__': '__main__'})\n";
        int rc = python.PyRun_SimpleString(code);
        System.out.flush();
        System.err.flush();
        // Leave without Py_FinalizeEx: TVM's thread pools make interpreter teardown slow and fragile.
        Runtime.getRuntime().halt(rc == 0 ? 0 : 1);
    }

    /** A Python string literal for a path (no quotes or backslashes expected, but escaped anyway). */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
