package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.data.Dataset;
import org.dlas.fpga.sim.NativeFiles;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.spec.Choice;
import org.dlas.target.JvmTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpgaTargetTest {
    static final Choice NONE = Choice.of("none");
    static final Choice GEMM = Choice.of("gemm");

    static int[] argmax(float[] out, int n) {
        int classes = out.length / n;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (out[i * classes + c] > out[i * classes + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    @Test void endToEndLenetMatchesTheJvmTarget() throws Exception {
        Natives.worker();
        Graph g = Lenet.int8();
        Dataset test = Lenet.test(50);
        float[] reference;
        try (PreparedModel jvm = new JvmTarget().prepare(g, Choice.of("jvm"), GEMM, NONE)) {
            reference = jvm.infer(test.images(), test.size());
        }
        FpgaTarget target = new FpgaTarget(NativeFiles.standard());
        try {
            assertEquals(Optional.empty(), target.unavailableReason());
            Choice hw = new Choice("fpga", Map.of("design", "vm"));
            try (PreparedModel fpga = target.prepare(g, hw, GEMM, NONE)) {
                float[] out = fpga.infer(test.images(), test.size());
                assertArrayEquals(argmax(reference, 50), argmax(out, 50), "same labels as the jvm target");
                assertArrayEquals(reference, out, 0f, "same int32 accumulators, so the same outputs");
                Map<String, Double> m = fpga.extraMetrics();
                assertTrue(m.get("cycles") > 0, m.toString());
                assertEquals(m.get("sim.time_ms"), m.get("cycles") / 100e3, 1e-9, "cycles at 100 MHz");
                assertEquals(4.0, m.get("sim.jobs"), "one job per layer per image");
                assertTrue(m.get("sim.bytes_moved") > 28 * 28, m.toString());
                double macs = org.dlas.ir.GraphStats.of(g).macs();
                assertEquals(macs, m.get("sim.macs"), 0.5);
                assertTrue(m.get("sim.mac_utilisation") > 0 && m.get("sim.mac_utilisation") <= 1, m.toString());
                for (String key : new String[] {"sim.host_ms", "sim.accel_ms", "sim.cpu_only_ms", "sim.speedup_vs_cpu", "energy_uj", "sim.energy_ratio_vs_cpu"}) {
                    assertTrue(m.get(key) > 0 && Double.isFinite(m.get(key)), key + " in " + m);
                }
                assertEquals(m.get("sim.est_ms"), m.get("sim.host_ms") + m.get("sim.driver_ms") + m.get("sim.accel_ms"), 1e-9);
                assertTrue(fpga.notes().contains("CPU-only baseline"), fpga.notes());
                assertTrue(fpga.howMeasured().contains("not the accelerator's speed"), fpga.howMeasured());
            }
            // the systolic array on a few images
            Choice sa = new Choice("fpga", Map.of("design", "sa", "rows", 16, "cols", 16));
            try (PreparedModel fpga = target.prepare(g, sa, GEMM, NONE)) {
                Dataset few = Lenet.test(8);
                float[] out = fpga.infer(few.images(), few.size());
                float[] ref = new float[out.length];
                System.arraycopy(reference, 0, ref, 0, ref.length);
                assertArrayEquals(ref, out, 0f);
                Map<String, Double> m = fpga.extraMetrics();
                assertEquals(256.0, m.get("resource.dsp"));
                assertEquals(0.0, m.get("resource.fits_pynq_z1"), "256 MACs exceed the Zynq-7020's 220 DSPs");
                assertTrue(fpga.notes().contains("exceeds a PYNQ-Z1"), fpga.notes());
            }
        } finally {
            target.close();
        }
    }

    @Test void fp32ModelsAreRejectedWithAHint() {
        Natives.worker();
        FpgaTarget target = new FpgaTarget(NativeFiles.standard());
        try {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> target.prepare(ModelZoo.architecture("lenet", 1), Choice.of("fpga"), GEMM, NONE));
            assertEquals(ErrorKind.UNSUPPORTED, e.kind());
            assertTrue(e.getMessage().contains("int8 only") && e.getMessage().contains("compression: {name: int8}"), e.getMessage());
        } finally {
            target.close();
        }
    }

    @Test void aBoardThatDoesNotAnswerAndCodegenAreUnsupported() throws java.io.IOException {
        FpgaTarget target = new FpgaTarget(NativeFiles.standard());
        String why = target.unsupported(new Choice("fpga", Map.of("mode", "board", "board_port", 1)), GEMM, NONE).orElseThrow();
        assertTrue(why.startsWith("no dlas board server answers for the board at 127.0.0.1:1 (") && why.contains("dlas board-server"), why);
        Map<String, Object> viaTracker = Map.of("mode", "board", "tracker", "127.0.0.1:1", "key", "pynq-z1",
                "board_secret_file", "/nonexistent/board-secret");
        String noSecret = target.unsupported(new Choice("fpga", viaTracker), GEMM, NONE).orElseThrow();
        assertTrue(noSecret.startsWith("no board secret at /nonexistent/board-secret"), noSecret);
        java.nio.file.Path secret = java.nio.file.Files.createTempDirectory("dlas-fpga-target").resolve("secret");
        org.dlas.fpga.board.BoardSecret.loadOrCreate(secret);
        Map<String, Object> withSecret = new java.util.HashMap<>(viaTracker);
        withSecret.put("board_secret_file", secret.toString());
        String noTracker = target.unsupported(new Choice("fpga", withSecret), GEMM, NONE).orElseThrow();
        assertTrue(noTracker.startsWith("no TVM RPC tracker answers at 127.0.0.1:1") && noTracker.contains("dlas tracker"), noTracker);
        assertTrue(target.unsupported(Choice.of("fpga"), GEMM, Choice.of("tvm")).orElseThrow().contains("codegen 'tvm'"));
        assertEquals(Optional.empty(), target.unsupported(new Choice("fpga", Map.of("design", "sa", "mode", "sim")), GEMM, NONE));
    }

    @Test void missingSystemcIsReportedWithTheInstallCommand() {
        Path nowhere = Path.of("/nonexistent/dlas-fpga-worker");
        FpgaTarget noSystemc = new FpgaTarget(new NativeFiles(Optional.of(nowhere), () -> false));
        assertEquals(Optional.of("SystemC not installed: apt-get install -y libsystemc-dev"), noSystemc.unavailableReason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> noSystemc.prepare(ModelZoo.architecture("lenet", 1), Choice.of("fpga"), GEMM, NONE));
        assertEquals(NativeFiles.SYSTEMC_MISSING, e.getMessage());

        FpgaTarget notBuilt = new FpgaTarget(new NativeFiles(Optional.of(nowhere), () -> true));
        String why = notBuilt.unavailableReason().orElseThrow();
        assertTrue(why.contains("not built") && why.contains(nowhere.toString()), why);
    }

    @Test void workerWithoutSystemcRuntimeIsDiagnosed(@TempDir Path dir) throws IOException {
        // what the dynamic loader says when libsystemc is gone after the build
        Path fake = dir.resolve("dlas-fpga-worker");
        Files.writeString(fake, "#!/bin/sh\necho \"dlas-fpga-worker: error while loading shared libraries: libsystemc-2.3.4.so: "
                + "cannot open shared object file: No such file or directory\" >&2\nexit 127\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        FpgaTarget target = new FpgaTarget(new NativeFiles(Optional.of(fake), () -> true));
        try {
            String why = target.unavailableReason().orElseThrow();
            assertTrue(why.startsWith(NativeFiles.SYSTEMC_MISSING), why);
            assertTrue(why.contains("exit status 127"), why);
        } finally {
            target.close();
        }
    }

    @Test void targetIsDiscoveredWithItsParameters() {
        assertTrue(Targets.installed().containsKey("fpga"), Targets.installed().keySet().toString());
        FpgaTarget t = (FpgaTarget) Targets.get("fpga");
        assertEquals(java.util.List.of("design", "rows", "cols", "lanes", "vector", "buffer_kb", "clock_mhz",
                "dma_bytes_per_cycle", "mode", "board_host", "board_port", "tracker", "key", "board_secret_file", "power_table"), t.params().stream().map(p -> p.name()).toList());
    }
}
