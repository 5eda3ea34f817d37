package org.dlas.tvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The bundled TVM is found on this machine: its Python with the tvm package, and tvm4j loadable in this JVM. */
class TvmInstallationTest {
    @Test
    void locatesBundledPythonAndTvmPackage() throws Exception {
        TvmInstallation tvm = TvmInstallation.get();
        assertTrue(Files.isExecutable(tvm.python()), "bundled python " + tvm.python());
        assertTrue(tvm.pythonPath().stream().anyMatch(p -> Files.isRegularFile(p.resolve("tvm/__init__.py"))),
                "no tvm package on " + tvm.pythonPath());
        Map<String, String> env = tvm.childEnvironment();
        assertEquals(tvm.pythonPath().stream().map(Path::toString).toList(), java.util.List.of(env.get("PYTHONPATH").split(File.pathSeparator)));
        assertEquals("NONE", env.get("TOPHUB_LOCATION"));
    }

    @Test
    void tvm4jLoadsAndSeesTheRuntime() throws Exception {
        TvmInstallation.get().initTvm4j();
        // a global function every libtvm_runtime registers: tvm4j reached the real runtime through JNI
        assertTrue(org.apache.tvm.Function.getFunction("runtime.GetDeviceAttr") != null);
        assertTrue(Files.isSymbolicLink(Path.of(System.getProperty("dlas.native.dir"), "libtvm4j.so")));
    }
}
