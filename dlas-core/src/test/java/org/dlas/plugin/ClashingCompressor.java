package org.dlas.plugin;

import java.util.List;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.CompressionResult;
import org.dlas.compression.Compressor;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/** A test-only plug-in ({@code plugins-clash/META-INF/services}) that takes a shipped compression's name. */
public final class ClashingCompressor implements Compressor {
    @Override public String name() { return "prune"; }
    @Override public List<ParamSpec> params() { return List.of(); }
    @Override public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        throw new UnsupportedOperationException("never loaded: its name clashes");
    }
}
