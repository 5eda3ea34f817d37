package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** A real TVM build of one benchmark layer, measured in-process by JMH (0 forks, one short iteration). */
class TvmConvKernelBenchmarkTest {

    @Test void aTvmBuiltDenseLayerIsMeasuredByJmh() throws Exception {
        Collection<RunResult> r = new Runner(new OptionsBuilder()
                .include("^" + TvmConvKernelBenchmark.class.getName() + ".conv$")
                .param("primitive", "csr").param("layer", "dense_512to10").param("sparsity", "0.9").param("batch", "1")
                .forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true).verbosity(VerboseMode.SILENT).build()).run();
        assertEquals(1, r.size());
        double us = r.iterator().next().getPrimaryResult().getScore();
        // the same case timed without JMH: JMH's figure must be a time per call in microseconds of this very kernel
        double direct = timedWithoutJmh();
        assertTrue(us > direct / 3 && us < direct * 3, "JMH says " + us + " us per call, a plain loop " + direct + " us");
    }

    private static double timedWithoutJmh() throws Exception {
        TvmConvKernelBenchmark b = new TvmConvKernelBenchmark();
        b.primitive = "csr";
        b.layer = "dense_512to10";
        b.sparsity = 0.9;
        b.batch = 1;
        b.setup();
        try {
            for (int i = 0; i < 200; i++) b.conv();
            int calls = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) b.conv();
            return (System.nanoTime() - t0) / 1e3 / calls;
        } finally {
            b.tearDown();
        }
    }
}
