package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlas.models.ZooFixtures;
import org.dlas.tuner.tvm.CompiledLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MetaSchedule's JSON database: written by TVM, read by {@link TuningDatabase}, read again by TVM. */
class TuningDatabaseTest {

    @Test void recordsWrittenByTvmAreReadInJavaAndLoadAgainInTvm() throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        Path dir = db.dir();
        long workloadLines = Files.readAllLines(dir.resolve(TuningDatabase.WORKLOADS)).stream().filter(l -> !l.isBlank()).count();
        long recordLines = Files.readAllLines(dir.resolve(TuningDatabase.RECORDS)).stream().filter(l -> !l.isBlank()).count();
        assertEquals(workloadLines, db.workloads());
        assertEquals(recordLines, db.records().size());
        assertTrue(db.workloads() >= 2, db.describe());
        assertTrue(db.tunedWorkloads() >= 3, "the trials are spread over the kernels: " + db.describe());
        assertTrue(db.workloads() >= db.recordsPerWorkload().size(), db.describe());
        assertTrue(db.records().stream().allMatch(r -> r.targetKind().equals("llvm") && !r.argumentShapes().isEmpty()), db.describe());
        assertTrue(db.bestSeconds().values().stream().allMatch(s -> s > 0 && s < 1), db.bestSeconds().toString());
        assertEquals("lenet", db.about().path("model").asText());
        assertEquals(ReuseFixture.LENET_TRIALS, db.about().path("trials").asInt());

        // TVM loads the same files again (as a donor of a reuse build) and counts the same
        CompiledLibrary built = new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(
                ZooFixtures.fp32("lenet"), List.of(db));
        var donor = built.result().path("reuse").path("donors").get(0);
        assertEquals(db.records().size(), donor.path("records").asInt());
        assertEquals(db.recordsPerWorkload().size(), donor.path("workloads_with_records").asInt());
        assertEquals(db.tunedWorkloads(), donor.path("workloads_with_valid_records").asInt());
    }

    @Test void malformedFilesAreReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TuningDatabase.WORKLOADS), "[\"123\", \"AAAA\"]\n");
        Files.writeString(dir.resolve(TuningDatabase.RECORDS), "[0, [[[], []], [1e-5], {\"kind\": \"llvm\"}, []]]\n[3, [[[], []], [1e-5], {}, []]]\n");
        Exception e = assertThrows(java.io.IOException.class, () -> TuningDatabase.read(dir));
        assertTrue(e.getMessage().contains(TuningDatabase.RECORDS + ":2"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(java.io.IOException.class, () -> TuningDatabase.read(empty));
    }

    @Test void theContentHashFollowsTheRecords(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TuningDatabase.WORKLOADS), "[\"123\", \"AAAA\"]\n");
        Files.writeString(dir.resolve(TuningDatabase.RECORDS), "[0, [[[], []], [1e-5], {\"kind\": \"llvm\"}, []]]\n");
        TuningDatabase a = TuningDatabase.read(dir);
        assertEquals(1, a.workloads());
        assertEquals(1e-5, a.records().get(0).meanSeconds(), 1e-12);
        Files.writeString(dir.resolve(TuningDatabase.RECORDS), "[0, [[[], []], [2e-5], {\"kind\": \"llvm\"}, []]]\n");
        TuningDatabase b = TuningDatabase.read(dir);
        assertNotEquals(a.contentHash(), b.contentHash());
        assertEquals(b.contentHash(), b.named("elsewhere").contentHash(), "the name is not content");
    }
}
