package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dlas.spec.PlannedPoint;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepPlan;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Status;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fpga target in a real sweep: rows, extra metrics, skips with reasons. */
class SweepIntegrationTest {

    @Test void studyConfigIsValid() throws Exception {
        Path file = Path.of("..", "configs", "fpga-study.yaml");
        assertEquals(List.of(), SpecLoader.validate(file, new StackCatalog()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        List<PlannedPoint> plan = SweepPlan.expand(spec);
        assertEquals(5 * 6, plan.size());
        assertEquals(200, spec.measure().testImages());
    }

    @Test void smallSweepRecordsSimulatedMetrics(@TempDir Path dir) throws Exception {
        Natives.worker();
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, """
                name: fpga-mini
                dataset: fashion-mnist
                model: lenet
                compression: [{name: int8}, none]
                primitive: gemm
                hardware: [jvm, {name: fpga, design: vm}, {name: fpga, design: sa, rows: 4, cols: 8}, {name: fpga, mode: board}]
                measure: {warmup: 1, repeats: 2, test_images: 40, batch: 1, calibration_images: 100}
                exclude:
                  - {hardware: fpga, compression: none}
                output: OUT
                """.replace("OUT", dir.resolve("out").toString()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(log, true)).run(spec);
        assertEquals(8, s.points());
        assertEquals(0, s.errors(), log::toString);
        assertEquals(4, s.ok(), log::toString);   // jvm x2, fpga vm, fpga sa on int8
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep("fpga-mini");
            Map<String, ResultRow> byLabel = rows.stream().collect(Collectors.toMap(r -> r.labels().toString(), r -> r, (a, b) -> a));
            ResultRow jvmInt8 = rows.stream().filter(r -> r.status() == Status.OK && r.pointJson().contains("\"jvm\"")
                    && r.pointJson().contains("int8")).findFirst().orElseThrow(() -> new AssertionError(byLabel.keySet()));
            List<ResultRow> fpga = rows.stream().filter(r -> r.status() == Status.OK && r.pointJson().contains("\"fpga\"")).toList();
            assertEquals(2, fpga.size());
            for (ResultRow r : fpga) {
                assertTrue(r.metrics().get("cycles") > 0, r.metrics().toString());
                assertTrue(r.metrics().get("energy_uj") > 0, r.metrics().toString());
                assertTrue(r.metrics().containsKey("sim.speedup_vs_cpu"), r.metrics().toString());
                // bit-exact int8 layers: the same labels as the jvm target with the int8 model
                assertEquals(jvmInt8.metrics().get("top1"), r.metrics().get("top1"));
                assertTrue(r.message().contains("sim.est_ms"), r.message());
            }
            List<ResultRow> skipped = rows.stream().filter(r -> r.status() == Status.SKIPPED).toList();
            assertEquals(4, skipped.size());
            assertTrue(skipped.stream().anyMatch(r -> r.message().startsWith("no dlas board server answers for the board at 127.0.0.1:9091")),
                    skipped.stream().map(ResultRow::message).toList().toString());
        }
    }
}
