package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlas.spec.SpecLoader;
import org.dlas.sweep.StackCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** codegen reuse in sweep files: the study config validates; a missing donor list is a located error. */
class ReuseSpecTest {

    @Test void theReuseStudyConfigIsValid() throws Exception {
        assertEquals(List.of(), SpecLoader.validate(Path.of("..", "configs", "reuse-study.yaml"), new StackCatalog()));
    }

    @Test void reuseWithoutDonorsIsReportedWhereItIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, """
                name: reuse-bad
                dataset: fashion-mnist
                model: lenet
                compression: none
                primitive: direct
                codegen: {name: reuse, opt_level: 3}
                hardware: cpu
                output: out
                """);
        List<?> errors = SpecLoader.validate(file, new StackCatalog());
        assertEquals(1, errors.size(), errors.toString());
        String e = errors.get(0).toString();
        assertTrue(e.contains("from") && e.contains(":6"), e);
    }
}
