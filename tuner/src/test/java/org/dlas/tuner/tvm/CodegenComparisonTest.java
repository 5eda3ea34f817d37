package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlas tvm-bench}'s comparison: jvm, TVM untuned and ONNX Runtime on one model in one run (auto-scheduling left out). */
class CodegenComparisonTest {

    @Test void oneRunMeasuresJvmTvmAndOnnxRuntimeWithTheSameLabels(@TempDir Path cache) throws Exception {
        CodegenComparison comparison = new CodegenComparison(new CpuTarget(new TvmCompiler(cache, Duration.ofMinutes(10))));
        CodegenComparison.Settings s = new CodegenComparison.Settings("gemm", 0, "learned", 1, 2, 5, 32);
        CodegenComparison.Row r = comparison.compare("lenet", ZooFixtures.fp32("lenet"), ZooFixtures.test(32), s);
        assertTrue(r.labelsAgree(), "TVM and ONNX Runtime labels differ from the jvm's");
        assertNull(r.tuned());
        assertTrue(r.jvm().medianMs() > 0 && r.untuned().medianMs() > 0 && r.ort().medianMs() > 0);
        assertEquals(r.untuned().medianMs() / r.ort().medianMs(), r.overOrt(r.untuned()), 1e-12);
        String line = CodegenComparison.line(r, s);
        assertTrue(line.startsWith("lenet") && line.endsWith("same on 32 images"), line);
        assertTrue(r.notes().contains("target llvm -mcpu=" + HostCpu.llvmName()), r.notes());
        String machine = CodegenComparison.machine();
        // the core count is the JVM's availableProcessors() at the time, which a container may report differently from call to call
        assertTrue(machine.contains("TVM target \"llvm -mcpu=" + HostCpu.llvmName() + " -num-cores ") && machine.contains("ONNX Runtime 1.20"), machine);
    }
}
