package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.cli.Dlas;
import org.dlas.spec.Choice;
import org.dlas.spec.SpecError;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.sweep.StackCatalog;

/** The {@code rpc} block of a cpu point: what validation accepts and refuses, and that it leaves other cpu points alone. */
class CpuRpcSpecTest {

    private static Path sweep(Path dir, String hardware) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "name: s\nmodel: lenet\ncompression: none\nprimitive: direct\ncodegen: untuned\n"
                + "hardware: " + hardware + "\noutput: " + dir.resolve("out") + "\n");
        return file;
    }

    /** The single error of a sweep whose hardware line (line 6) is {@code hardware}. */
    private static SpecError onlyError(Path dir, String hardware) throws Exception {
        List<SpecError> errors = SpecLoader.validate(sweep(dir, hardware), new StackCatalog());
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(6, errors.get(0).line(), errors.toString());
        return errors.get(0);
    }

    @Test
    void badRpcBlocksAreRefusedWithTheirLineKeyAndWhatIsAccepted(@TempDir Path dir) throws Exception {
        SpecError notHostPort = onlyError(dir, "{name: cpu, rpc: {tracker: localhost, key: x86}}");
        assertEquals("hardware.rpc", notHostPort.key());
        assertTrue(notHostPort.message().contains("tracker must be HOST:PORT") && notHostPort.message().contains("'localhost'"), notHostPort.toString());

        SpecError unknownKey = onlyError(dir, "{name: cpu, rpc: {tracker: 127.0.0.1:9190, kee: x86}}");
        assertEquals("hardware.rpc.kee", unknownKey.key());
        assertTrue(unknownKey.message().contains("accepted: tracker, key, secret_file"), unknownKey.toString());

        SpecError notAMapping = onlyError(dir, "{name: cpu, rpc: 127.0.0.1:9190}");
        assertTrue(notAMapping.message().contains("expected a mapping with keys tracker, key, secret_file"), notAMapping.toString());

        SpecError noKey = onlyError(dir, "{name: cpu, rpc: {tracker: 127.0.0.1:9190}}");
        assertTrue(noKey.message().contains("rpc needs tracker and key"), noKey.toString());

        SpecError empty = onlyError(dir, "{name: cpu, rpc: {tracker: 127.0.0.1:9190, key: ''}}");
        assertEquals("hardware.rpc.key", empty.key());
    }

    @Test
    void dlasValidateGivesOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path file = sweep(dir, "{name: cpu, rpc: {tracker: 127.0.0.1:99999, key: x86}}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8)); // validate reports on stderr
            exit = Dlas.commandLine().execute("validate", file.toString());
        } finally {
            System.setErr(before);
        }
        String all = err.toString(StandardCharsets.UTF_8);
        assertEquals(Dlas.EXIT_USAGE, exit, all);
        List<String> lines = all.lines().filter(l -> l.startsWith(file.toString() + ":")).toList();
        assertEquals(1, lines.size(), all);
        assertTrue(lines.get(0).startsWith(file + ":6:") && lines.get(0).contains("key 'hardware.rpc'") && lines.get(0).contains("HOST:PORT"), all);
        assertFalse(all.contains("\tat "), all);
    }

    @Test
    void aCpuPointWithoutRpcKeepsItsDefinition(@TempDir Path dir) throws Exception {
        SweepSpec local = SpecLoader.load(sweep(dir, "cpu"), new StackCatalog());
        SweepSpec remote = SpecLoader.load(sweep(dir, "{name: cpu, rpc: {tracker: 127.0.0.1:9190, key: x86}}"), new StackCatalog());
        Choice here = local.axes().get(org.dlas.spec.Axis.HARDWARE).get(0);
        Choice there = remote.axes().get(org.dlas.spec.Axis.HARDWARE).get(0);
        assertFalse(here.params().containsKey("rpc"), here.toString());
        assertEquals(java.util.Map.of("tracker", "127.0.0.1:9190", "key", "x86"), there.params().get("rpc"));
    }
}
