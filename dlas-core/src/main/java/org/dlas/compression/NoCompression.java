package org.dlas.compression;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/** {@code none}: the model as it is (the baseline of every sweep). */
public final class NoCompression implements Compressor {
    public static final String NAME = "none";

    @Override public String name() { return NAME; }

    @Override public List<ParamSpec> params() { return List.of(); }

    @Override
    public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        Params p = Params.resolve(NAME, choice, List.of());
        GraphStats s = GraphStats.of(model);
        return new CompressionResult(model, new CompressionReport(p.label(), List.of(), List.of(), s, s));
    }
}
