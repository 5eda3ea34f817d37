package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class PeakReportTest {

    @Test void theTablePrintsThePeakFormulaEachKernelsShareOfItAndItsTimeOverOnnxRuntime() {
        MachinePeak one = MachinePeak.parse(1, "model name : X\nflags : avx512f avx2 fma\ncpu MHz : 2000.0\n", null);
        long macs = PeakBenchmark.SHAPES.get("gemm_256x256x256").macs(1);
        assertEquals(256L * 256 * 256, macs);
        String t = PeakReport.table(List.of(new PeakReport.Line("gemm_256x256x256", "gemm", 400, 300, macs),
                new PeakReport.Line("gemm_256x256x256", PeakBenchmark.ORT, 200, 150, macs)), one);
        // 1 core x 16 lanes x 2 FMA units x 2 FLOP x 2 GHz = 128 GFLOP/s; 2 x 256^3 FLOP in 300 us = 111.8 GFLOP/s = 87.4 %
        assertTrue(t.contains("= 128.0 GFLOP/s"), t);
        assertTrue(t.contains("111.8") && t.contains("87.4%") && t.contains("2.00x"), t);
    }

    @Test void theJavaKernelAndOnnxRuntimeRunTheSameLayerUnderJmh() throws Exception {
        Collection<RunResult> r = new Runner(new OptionsBuilder()
                .include("^" + PeakBenchmark.class.getName() + ".conv$")
                .param("shape", "zoo_conv3x3_16to16_14x14").param("kernel", "gemm", PeakBenchmark.ORT)
                .forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true).verbosity(VerboseMode.SILENT).build()).run();
        assertEquals(2, r.size());
        for (RunResult one : r) {
            double fastest = one.getPrimaryResult().getStatistics().getMin();
            assertTrue(fastest > 0 && fastest < 50_000, one.getParams().getParam("kernel") + ": " + fastest + " us");
        }
    }

    @Test void onnxRuntimeComputesTheSameOutputsAsTheJavaKernel() throws Exception {
        for (String shape : PeakBenchmark.SHAPES.keySet()) {
            float[] java = output(shape, "gemm"), ort = output(shape, PeakBenchmark.ORT);
            assertEquals(java.length, ort.length, shape);
            for (int i = 0; i < java.length; i++) {
                assertEquals(java[i], ort[i], 1e-4 * Math.max(1, Math.abs(java[i])), shape + " output " + i);
            }
        }
    }

    private static float[] output(String shape, String kernel) throws Exception {
        PeakBenchmark b = new PeakBenchmark();
        b.shape = shape;
        b.kernel = kernel;
        b.setup();
        try {
            return (float[]) b.conv();
        } finally {
            b.tearDown();
        }
    }
}
