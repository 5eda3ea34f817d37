package org.dlas.accel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SimBenchArgsTest {

    @Test
    void positionalArgumentsAndDefaults() {
        SimBench b = new SimBench();
        new CommandLine(b).parseArgs("lenet", "8", "0.5");
        assertEquals("lenet", b.model);
        assertEquals(8, b.images);
        assertEquals(0.5, b.seconds);
        SimBench d = new SimBench();
        new CommandLine(d).parseArgs();
        assertEquals("resnet", d.model);
        assertEquals(4, d.images);
        assertEquals(2.0, d.seconds);
    }

    @Test
    void usageErrorsExitWithTwoAndAMessage() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimBench()).setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
        assertTrue(err.toString().contains("Usage: SimBench"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, new CommandLine(new SimBench()).setErr(new PrintWriter(err2, true)).execute("resnet", "many"));
        assertTrue(err2.toString().contains("'many' is not an int"), err2.toString());
    }
}
