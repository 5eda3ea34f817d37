package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dlas.tvm.TvmInstallation;
import org.junit.jupiter.api.Test;

/**
 * The build package's own Python tests ({@code src/test/python}, unittest) run by the bundled interpreter that builds
 * with TVM, with the environment the compile worker gives its sub-processes. Any failure, error or skip fails here.
 */
class DlasTvmPythonTest {
    private static final Path PACKAGE_ROOT = Path.of("src/main/resources/org/dlas/tuner/tvm");
    private static final Path TESTS = Path.of("src/test/python");

    @Test
    void pythonUnitTestsPass() throws Exception {
        TvmInstallation tvm = TvmInstallation.get();
        ProcessBuilder pb = new ProcessBuilder(tvm.python().toString(), "-m", "unittest", "discover", "-v",
                "-s", TESTS.toString(), "-t", TESTS.toString());
        Map<String, String> env = pb.environment();
        env.putAll(tvm.childEnvironment());
        env.put("PYTHONPATH", PACKAGE_ROOT.toAbsolutePath() + File.pathSeparator + TESTS.toAbsolutePath()
                + File.pathSeparator + env.get("PYTHONPATH"));
        pb.redirectErrorStream(true);
        Path log = Files.createTempFile("dlas-tvm-unittest", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(done, "python -m unittest did not finish in 10 minutes:\n" + out);
        assertEquals(0, p.exitValue(), "python -m unittest failed:\n" + out);
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(out);
        assertTrue(ran.find() && Integer.parseInt(ran.group(1)) >= 10, "expected the package's tests to run:\n" + out);
        assertTrue(!out.contains("skipped"), "no Python test may skip:\n" + out);
    }

    @Test
    void theModuleListNamesEveryModuleOfThePackage() throws Exception {
        try (Stream<Path> files = Files.list(PACKAGE_ROOT.resolve(BuildPackage.NAME))) {
            List<String> sources = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList();
            assertEquals(sources, BuildPackage.MODULES.stream().sorted().toList());
        }
        assertEquals(BuildPackage.MODULES.size(), BuildPackage.files().size(), "every module is on the class path");
    }
}
