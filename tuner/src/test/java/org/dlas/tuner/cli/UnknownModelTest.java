package org.dlas.tuner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.dlas.cli.Dlas;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tuner's commands answer an unknown model with one line and exit 2 (before: a stack trace and exit 1). */
class UnknownModelTest {

    @Test
    void exploreTuneAndReuseRefuseAnUnknownModel() {
        for (String[] args : new String[][] {{"explore", "resnett"}, {"tune", "resnett"}, {"reuse", "--from", "vgg", "--to", "resnett"}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = Dlas.commandLine();
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            String what = String.join(" ", args) + ": " + err;
            assertEquals(Dlas.EXIT_USAGE, exit, what);
            assertTrue(err.toString().startsWith("dlas " + args[0] + ": unknown model 'resnett'"), what);
            assertFalse(err.toString().contains("\tat "), what);
        }
    }
}
