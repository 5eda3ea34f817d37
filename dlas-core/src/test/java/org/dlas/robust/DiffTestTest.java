package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.models.ModelZoo;

class DiffTestTest {

    @Test
    void identicalEnvironmentsAgreeQuantisationDiffersAndACrashIsRecorded(@TempDir Path dir) throws Exception {
        DatasetSplits data = Datasets.load("fashion-mnist");
        Dataset test = data.test().take(300);
        Dataset calib = data.calibration().take(100);
        Environment direct = Environment.parse("jvm/direct"), gemm = Environment.parse("jvm/gemm"),
                int8 = Environment.parse("jvm/gemm/int8"), crash = Environment.parse("test-crash/direct");
        DiffTest.Result r = DiffTest.run("lenet", ModelZoo.trained("lenet"), List.of(direct, gemm, int8, crash), test,
                new CalibrationData(calib.images(), calib.size()));

        assertEquals(0.0, r.pair(direct, gemm).labelDiff(), "direct and gemm compute the same function");
        assertTrue(r.pair(direct, gemm).maxDiff() < 1e-3, "max diff " + r.pair(direct, gemm).maxDiff());
        // a pair of gemm with itself compares a run with itself; a second, independent run must give the same bits
        DiffTest.Result again = DiffTest.run("lenet", ModelZoo.trained("lenet"), List.of(gemm), test,
                new CalibrationData(calib.images(), calib.size()));
        assertArrayEquals(r.runs().get(1).outputs().logits(), again.runs().get(0).outputs().logits(), "gemm is deterministic");
        assertTrue(r.pair(gemm, int8).maxDiff() > 1e-3, "int8 changes the outputs");
        assertEquals(r.pair(gemm, int8).labelDiff(), r.pair(int8, gemm).labelDiff());
        assertFalse(r.runs().get(3).ok());
        assertTrue(r.runs().get(3).error().contains("simulated device crash"), r.runs().get(3).error());
        assertEquals(9, r.pairs().size(), "3 x 3 ordered pairs of the environments that ran");

        DiffTest.write(r, dir);
        for (String f : List.of("difftest.csv", "differing-images.csv", "label-diff-matrix.png", "difftest.md")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        long differing = Files.readAllLines(dir.resolve("differing-images.csv")).size() - 1;
        long expected = Math.round(r.pair(gemm, int8).labelDiff() * 300) + Math.round(r.pair(direct, int8).labelDiff() * 300);
        assertEquals(expected, differing, "one line per differing image and unordered pair");
        assertTrue(Files.readString(dir.resolve("difftest.md")).contains("crashed"));
    }
}
