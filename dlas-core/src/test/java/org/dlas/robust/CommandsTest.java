package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class CommandsTest {
    private static int run(Object cmd, StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test void unknownOperatorExitsWith2AndListsAcceptedNames() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, run(new MutateCommand(), out, err, "lenet", "--operators", "nope"));
        assertTrue(err.toString().contains("unknown mutation operator 'nope'"), err.toString());
        assertTrue(err.toString().contains("argmax-flip"));
        assertEquals(2, run(new MutateCommand(), out, err, "lenet", "--categories", "nope"));
        assertEquals(2, run(new MutateCommand(), out, err, "lenet", "--targets", "nowhere/gemm"));
    }

    @Test void helpAndList() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(new MutateCommand(), out, err, "--help"));
        assertTrue(out.toString().contains("--operators") && out.toString().contains("--categories"));
        assertEquals(0, run(new FaultsCommand(), out, err, "--help"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(new MutateCommand(), out, err, "--list"));
        assertTrue(out.toString().contains("maxpool-to-minpool"));
    }

    @Test void smallRuns(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(new MutateCommand(), out, err, "lenet", "--operators", "argmax-flip,bias-zero", "--categories", "input",
                "--targets", "jvm/gemm,jvm/direct", "--images", "60", "--output", dir.resolve("m").toString()), err.toString());
        assertTrue(Files.exists(dir.resolve("m/kill-matrix.csv")));
        assertTrue(Files.exists(dir.resolve("m/results.db")));
        assertEquals(0, run(new FaultsCommand(), out, err, "lenet", "--images", "40", "--trials", "1", "--fp32-bits", "30", "--int8-bits", "7",
                "--output", dir.resolve("f").toString()), err.toString());
        assertTrue(Files.exists(dir.resolve("f/bitflips-by-bit.png")));
    }
}
