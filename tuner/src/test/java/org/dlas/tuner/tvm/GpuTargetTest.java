package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.Test;

/**
 * The gpu target checked on whatever machine runs it, never skipped: without a GPU it must refuse its points saying
 * so; with one it must be usable and give the jvm's labels for lenet. {@code tuner/scripts/gpu-check.sh} runs this
 * on a GPU machine and prints the "gpu-check:" lines saying what was verified.
 */
class GpuTargetTest {
    private static final int IMAGES = 64;

    static boolean hasGpu() { return Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/dev/nvidiactl")); }

    @Test void theGpuTargetRunsWhereAGpuIsAndSaysWhyNotElsewhere() throws Exception {
        GpuTarget gpu = new GpuTarget();
        Optional<String> reason = gpu.unavailableReason();
        if (!hasGpu()) {
            assertEquals(Optional.of("no NVIDIA GPU on this machine (no /dev/nvidia0)"), reason);
            System.out.println("gpu-check: no NVIDIA GPU here; verified only that the gpu target refuses its points saying so");
            return;
        }
        assertEquals(Optional.empty(), reason, "a GPU is present: the gpu target must be usable");
        Graph lenet = ZooFixtures.fp32("lenet");
        Dataset images = ZooFixtures.test(IMAGES);
        float[] out;
        try (PreparedModel m = gpu.prepare(lenet, Choice.of("gpu"), Choice.of("direct"), Choice.of("untuned"), 8)) {
            out = m.infer(images.images(), images.size());
        }
        float[] jvm = ZooFixtures.reference(lenet, images);
        int classes = lenet.outputShape().size();
        double deviation = ZooFixtures.maxRelativeDeviation(out, jvm);
        assertTrue(deviation < 1e-4, "lenet on the GPU deviates " + deviation + " from the jvm");
        assertArrayEquals(ZooFixtures.labels(jvm, classes), ZooFixtures.labels(out, classes));
        System.out.printf(java.util.Locale.ROOT, "gpu-check: lenet (fp32, direct, untuned) built by TVM for cuda ran on the GPU: %d images, "
                + "same labels as the jvm, max relative deviation %.2e%n", IMAGES, deviation);
    }
}
