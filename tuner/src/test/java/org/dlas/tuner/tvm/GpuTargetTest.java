package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class GpuTargetTest {
    @Test void withoutAGpuTheTargetSaysWhyPointsAreSkipped() {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "this machine has a GPU");
        GpuTarget gpu = new GpuTarget();
        assertTrue(gpu.unavailableReason().orElseThrow().contains("no NVIDIA GPU"));
    }
}
