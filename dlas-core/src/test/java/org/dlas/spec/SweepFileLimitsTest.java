package org.dlas.spec;

import static org.dlas.spec.TestCatalog.CATALOG;
import static org.dlas.spec.TestCatalog.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files that would hang, exhaust memory or leak another file's contents are refused, located, before reading. */
class SweepFileLimitsTest {

    @TempDir Path dir;

    private static String messages(List<SpecError> errors) {
        return errors.stream().map(SpecError::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void aWideAndDeepIncludeTreeStopsAtTheOverallLimit() {
        // 12 includes on each level: 12^levels loads before (12 x 8 levels: no output, killed at the timeout)
        for (int level = 0; level < 6; level++) {
            String child = "l" + (level + 1) + ".yaml";
            String next = level == 5 ? "" : "include: [" + IntStream.range(0, 12).mapToObj(i -> child).collect(Collectors.joining(", ")) + "]\n";
            write(dir, "l" + level + ".yaml", next + "dataset: mnist\n");
        }
        Path top = write(dir, "t.yaml", "include: l0.yaml\n" + TestCatalog.BASE);
        List<SpecError> errors = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> SpecLoader.validate(top, CATALOG));
        assertEquals(1, errors.size(), messages(errors));
        assertTrue(errors.get(0).message().startsWith("more than " + SpecLoader.MAX_INCLUDES + " includes in all"), messages(errors));
        assertTrue(errors.get(0).key().matches("include\\[\\d+]"), errors.get(0).key());
    }

    @Test
    void includesNestedTooDeepAreRefused() {
        for (int level = 0; level < 12; level++) write(dir, "d" + level + ".yaml", "include: d" + (level + 1) + ".yaml\n");
        write(dir, "d12.yaml", "dataset: mnist\n");
        Path top = write(dir, "t.yaml", "include: d0.yaml\n" + TestCatalog.BASE);
        String m = messages(SpecLoader.validate(top, CATALOG));
        assertTrue(m.contains("includes nested more than " + SpecLoader.MAX_INCLUDE_DEPTH + " deep"), m);
    }

    @Test
    void aNonYamlIncludeIsNeverReadOrEchoed() throws Exception {
        Path secret = dir.resolve("shadow");
        Files.writeString(secret, "root:$6$secrethash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        Path top = write(dir, "t.yaml", "include: shadow\n" + TestCatalog.BASE);
        String m = messages(SpecLoader.validate(top, CATALOG));
        assertTrue(m.contains("t.yaml:1:10: key 'include': included file " + secret + " is not a .yaml or .yml sweep file"), m);
        assertFalse(m.contains("secrethash") || m.contains("daemon"), "echoes nothing of the file: " + m);
    }

    @Test
    void devicesAndPipesAreRefusedWithoutReading() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor(), "mkfifo");
        for (Path p : List.of(fifo, Path.of("/dev/zero"))) {
            List<SpecError> errors = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SpecLoader.validate(p, CATALOG));
            assertEquals(1, errors.size(), messages(errors));
            assertTrue(errors.get(0).message().startsWith("not a regular file"), messages(errors));
        }
        Path top = write(dir, "t.yaml", "include: pipe.yaml\n" + TestCatalog.BASE);
        String m = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> messages(SpecLoader.validate(top, CATALOG)));
        assertTrue(m.contains("included path is not a regular file"), m);
    }

    @Test
    void measurementsThatCannotRunAreRefusedByValidate() {
        Path f = write(dir, "t.yaml", TestCatalog.BASE + "measure:\n  test_images: 20000\n  repeats: 2147483647\n  calibration_images: 5000\n");
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        String m = messages(errors);
        assertEquals(3, errors.size(), m);
        assertTrue(m.contains("key 'measure.test_images': value 20000 is out of range; expected an integer in [1, 10000]"), m);
        assertTrue(m.contains("key 'measure.repeats': value 2147483647 is out of range; expected an integer in [1, 100000]"), m);
        assertTrue(m.contains("key 'measure.calibration_images': value 5000 is out of range; expected an integer in [0, 2000]"), m);
    }

    @Test
    void anOutputThatIsAFileIsRefused() throws Exception {
        Path taken = dir.resolve("taken");
        Files.writeString(taken, "x");
        Path f = write(dir, "t.yaml", TestCatalog.BASE + "output: " + taken.resolve("sub") + "\n");
        String m = messages(SpecLoader.validate(f, CATALOG));
        assertTrue(m.contains("key 'output': '" + taken + "' is a file, not a folder"), m);
    }
}
