package org.dlas.tuner.tvm;

import org.dlas.models.ZooFixtures;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several untuned builds through the shared compile servers, one after another in the same
 * interpreter: each uses its own conv primitive (the script's strategy is replaced, TVM's own kept
 * for the layers it falls back to), and a failing build does not spoil the builds after it.
 */
class TvmCompileServersTest {
    @TempDir Path cache;

    private static TvmBuildOptions options(String primitive) {
        return new TvmBuildOptions("llvm", primitive, Map.of(), "untuned", 3, 0, "", 1, 0);
    }

    @Test
    void consecutiveBuildsInOneServerEachUseTheirOwnPrimitive() throws Exception {
        TvmCompiler compiler = new TvmCompiler(cache, Duration.ofMinutes(10));
        CompiledLibrary direct = compiler.compile(ZooFixtures.fp32("lenet"), options("direct"));
        assertThrows(TvmCompiler.TvmBuildException.class, () -> compiler.compile(ZooFixtures.fp32("lenet"), options("no-such-primitive")));
        CompiledLibrary gemm = compiler.compile(ZooFixtures.fp32("lenet"), options("gemm"));
        CompiledLibrary mobilenet = compiler.compile(ZooFixtures.fp32("mobilenetv2"), options("direct"));

        assertFalse(direct.fromCache());
        // on x86: TVM's x86 strategy for direct, im2col + TVM's x86 dense template for gemm
        assertTrue(direct.implementations().values().stream().anyMatch(i -> i.contains("conv2d_NCHWc")), direct.implementations().toString());
        assertTrue(gemm.implementations().values().stream().anyMatch(i -> i.startsWith("im2col + TVM x86 dense")), gemm.implementations().toString());
        assertTrue(mobilenet.implementations().values().stream().anyMatch(i -> i.contains("TVM default strategy")),
                "depthwise layers fall back to TVM's own strategy: " + mobilenet.implementations());
        for (CompiledLibrary lib : new CompiledLibrary[] {direct, gemm, mobilenet}) assertTrue(Files.size(lib.library()) > 0);
    }
}
