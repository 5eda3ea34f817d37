package org.dlas.tuner.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.models.ModelZoo;
import org.dlas.robust.DiffTest;
import org.dlas.robust.Environment;

/**
 * Differential tests across compiler environments written with settings: TVM (cpu) at a chosen
 * opt_level against itself, and the Java kernels against ONNX Runtime, on lenet and real test images.
 */
class CompilerEnvironmentsDiffTest {
    private static final int IMAGES = 50;

    private static Dataset test() { return Datasets.load(ModelZoo.DEFAULT_DATASET).test().take(IMAGES); }

    @Test
    void twoIdenticalTvmEnvironmentsAgreeExactly() {
        List<Environment> envs = Environment.parseAll("cpu[opt_level=3]/direct,cpu[opt_level=3]/direct");
        assertEquals(List.of("cpu[opt_level=3]/direct", "cpu[opt_level=3]/direct#2"), envs.stream().map(Environment::label).toList());
        assertEquals(Map.of("opt_level", 3), envs.get(0).codegenChoice().params());
        DiffTest.Result r = DiffTest.run("lenet", ModelZoo.trained("lenet"), envs, test(), null);
        assertTrue(r.runs().stream().allMatch(DiffTest.Run::ok), () -> r.runs().toString());
        DiffTest.Pair p = r.pair(envs.get(0), envs.get(1));
        assertEquals(0.0, p.labelDiff());
        assertEquals(0.0, p.maxDiff(), "the same build on the same images gives the same floats");
    }

    @Test
    void javaKernelsAndOnnxRuntimeAgreeOnLenet() {
        List<Environment> envs = Environment.parseAll("jvm/direct,onnxruntime[optimization=disabled,threads=1]/direct");
        assertEquals("onnxruntime[optimization=disabled,threads=1]/direct", envs.get(1).label());
        DiffTest.Result r = DiffTest.run("lenet", ModelZoo.trained("lenet"), envs, test(), null);
        assertTrue(r.runs().stream().allMatch(DiffTest.Run::ok), () -> r.runs().toString());
        DiffTest.Pair p = r.pair(envs.get(0), envs.get(1));
        assertEquals(0.0, p.labelDiff(), "fp32 lenet: the same labels on every image");
        assertTrue(p.maxDiff() < 1e-3, "largest output difference " + p.maxDiff());
    }
}
