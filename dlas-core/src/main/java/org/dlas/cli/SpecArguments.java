package org.dlas.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.dlas.spec.SpecError;
import org.dlas.spec.SpecException;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.sweep.StackCatalog;

/** Loads a sweep file against what is installed, printing every error with file:line:column. */
final class SpecArguments {
    private SpecArguments() { }

    /** @return the spec, or null after printing the errors */
    static SweepSpec loadOrReport(Path file, PrintStream err) {
        try {
            return SpecLoader.load(file, new StackCatalog());
        } catch (SpecException e) {
            for (SpecError error : e.errors()) err.println(error);
            err.println(e.errors().size() + " error(s) in " + file);
            return null;
        }
    }
}
