package org.dlas.compression;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/** A test-only compression plug-in ({@code plugins/META-INF/services}): the identity under another name. */
public final class RenamedNoCompression implements Compressor {
    private final NoCompression none = new NoCompression();

    @Override public String name() { return "test-identity"; }
    @Override public List<ParamSpec> params() { return List.of(); }
    @Override public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        return none.compress(model, Choice.of(NoCompression.NAME), calibration);
    }
}
