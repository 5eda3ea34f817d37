package org.dlas.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriSimulator;
import org.dlas.accel.sigma.SigmaConfig;
import org.dlas.accel.sigma.SigmaSimulator;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostTableTest {

    @Test
    void energyIsTheSumOfPricedActions() {
        CostTable t = CostTable.defaults();
        Actions a = new Actions(10, 20, 100, 50, 1000, 40, 8);
        double expected = 10 * 3.7 + 20 * 0.9 + 100 * 1.25 + 50 * 1.5 + 1000 * 160 + 40 * 0.06 + 8 * 0.03;
        assertEquals(expected, t.energyPj(a, Precision.FP32), 1e-9);
        assertEquals(10 * 0.2 + 20 * 0.1 + 100 * 1.25 + 50 * 1.5 + 1000 * 160 + 40 * 0.06 + 8 * 0.03, t.energyPj(a, Precision.INT8), 1e-9);
    }

    /**
     * A 16x16 systolic array in int8 with 64+64+64 KiB: 256 * (0.000282 + 0.000137) mm^2 of arithmetic,
     * 256 PEs * 6 register bytes * 0.00004, 192 KiB * 0.008.
     */
    @Test
    void areaCountsTheComponents() {
        double a = new SystolicArray(SystolicConfig.of(16, 16, Dataflow.OS)).areaMm2(Precision.INT8);
        assertEquals(256 * (0.000282 + 0.000137) + 256 * 6 * 0.00004 + 192 * 0.008, a, 1e-9);
        assertTrue(new MaeriSimulator(MaeriConfig.of(256, 32, 32)).areaMm2(Precision.FP32) > new MaeriSimulator(MaeriConfig.of(64, 16, 16)).areaMm2(Precision.FP32));
        // SIGMA's Benes network (13 stages of 64 switches at 128 ports) costs more switch area than MAERI's tree (127 switches)
        double sigma = new SigmaSimulator(SigmaConfig.of(128, 128, 128, true)).areaMm2(Precision.INT8);
        double maeri = new MaeriSimulator(MaeriConfig.of(128, 128, 128)).areaMm2(Precision.INT8);
        assertTrue(sigma > maeri, sigma + " vs " + maeri);
    }

    @Test
    void aUserFileOverridesSomeKeysAndRejectsUnknownOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("costs.properties");
        Files.writeString(file, "energy.dram.byte=10\n");
        CostTable t = CostTable.load(file.toString());
        assertEquals(10, t.get("energy.dram.byte"));
        assertEquals(3.7, t.get("energy.mult.fp32"));
        Files.writeString(file, "energy.dram.bytes=10\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CostTable.load(file.toString()));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "energy.dram.bytes"), List.of(e.kind(), e.location()));
        Files.writeString(file, "energy.dram.byte=cheap\n");
        e = assertThrows(InvalidInputException.class, () -> CostTable.load(file.toString()));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "energy.dram.byte"), List.of(e.kind(), e.location()));
    }

    @Test
    void theCostTableParameterChangesTheReportedEnergy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("free-dram.properties");
        Files.writeString(file, "energy.dram.byte=0\n");
        var g = RealModels.trained("lenet");
        var d = RealModels.test(1);
        double[] energy = new double[2];
        String[] tables = {"", file.toString()};
        for (int i = 0; i < 2; i++) {
            Choice hw = new Choice("systolic", Map.of("cost_table", tables[i]));
            try (PreparedModel p = Targets.get("systolic").prepare(g, hw, Choice.of("direct"), Choice.of("none"))) {
                p.infer(d.images(), 1);
                energy[i] = p.extraMetrics().get("energy_uj");
                double dramUj = p.extraMetrics().get("sim.offchip_bytes") * 160 / 1e6;
                if (i == 1) assertEquals(energy[0] - dramUj, energy[1], 1e-9 * energy[0]);
            }
        }
        assertTrue(energy[1] < energy[0]);
    }
}
