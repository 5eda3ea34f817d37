package org.dlas.robust.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class RepairCommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new RepairCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test void listsTheKinds() {
        assertEquals(0, run("--list"));
        for (String kind : java.util.List.of("perturbed-weights", "wrong-padding", "wrong-epsilon", "swapped-layout", "dropped-node", "wrong-input-normalisation",
                "transposed-kernels", "reordered-nodes")) {
            assertTrue(out.toString().contains(kind), out.toString());
        }
    }

    @Test void unknownKindOrInapplicableKindIsAUsageError() {
        assertEquals(2, run("lenet", "--inject", "nope"));
        assertTrue(err.toString().contains("unknown fault kind 'nope'") && err.toString().contains("wrong-padding"), err.toString());
        assertEquals(2, run("lenet", "--inject", "wrong-epsilon"));
        assertTrue(err.toString().contains("BatchNorm"), err.toString());
    }

    @Test void writesReportAndCsv(@TempDir Path dir) throws Exception {
        assertEquals(0, run("lenet", "--inject", "swapped-layout,dropped-node", "--images", "100", "--out", dir.toString()), err.toString());
        String md = Files.readString(dir.resolve("repair.md")), csv = Files.readString(dir.resolve("repairs.csv"));
        assertTrue(md.contains("## Repairs") && md.contains("reorder the weight columns") && md.contains("labels differ on 0 of 100 images"), md);
        assertEquals(3, csv.lines().count(), csv);
        assertTrue(csv.lines().skip(2).findFirst().orElseThrow().endsWith(",0,100,\"applied\""), csv);
        assertTrue(out.toString().contains("after repair: labels differ on 0 of 100 images"), out.toString());
        // the repaired model, saved as ONNX, imports back to the source model exactly
        org.dlas.ir.Graph repaired = org.dlas.onnx.OnnxImporter.load(dir.resolve("repaired.onnx"));
        assertTrue(FaultLocaliser.localise(org.dlas.models.ModelZoo.trained("lenet"), repaired,
                org.dlas.data.Datasets.load(org.dlas.data.Datasets.FASHION_MNIST).test().take(50)).clean());
        assertTrue(Files.size(dir.resolve("faulty.onnx")) > 0);
    }
}
