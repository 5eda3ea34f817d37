package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

class LoggingTest {

    @Test
    void exactlyOneBindingAndItIsSlf4jSimple() {
        List<String> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class).forEach(p -> providers.add(p.getClass().getName()));
        assertEquals(List.of("org.slf4j.simple.SimpleServiceProvider"), providers);
        // an SLF4J 1.7 binding (such as slf4j-nop 1.7) would be ignored with a warning, its messages lost
        assertNull(getClass().getClassLoader().getResource("org/slf4j/impl/StaticLoggerBinder.class"));
    }

    @Test
    void warningsReachStderrAndInfoIsQuietByDefault() {
        Logger log = LoggerFactory.getLogger(LoggingTest.class);
        assertTrue(log.isWarnEnabled());
        assertFalse(log.isInfoEnabled());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            log.warn("cache {} unreadable", "x.dlasm");
            log.info("not shown");
        } finally {
            System.setErr(saved);
        }
        assertEquals("WARN LoggingTest - cache x.dlasm unreadable\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void verboseLowersTheLevelToDebug() throws Exception {
        assertEquals("debug=false", probe());
        assertEquals("debug=true", probe(ErrorHandler.VERBOSE));
    }

    /** Runs {@link LoggingProbe} in a fresh JVM: the binding reads its level once per JVM. */
    private static String probe(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoggingProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
