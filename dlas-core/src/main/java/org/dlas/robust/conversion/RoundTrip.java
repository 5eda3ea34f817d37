package org.dlas.robust.conversion;

import org.dlas.ir.Graph;
import org.dlas.onnx.OnnxExporter;
import org.dlas.onnx.OnnxImporter;
import org.dlas.onnx.ProtoReader;

/** The conversion under study: a dlas graph exported to ONNX bytes and imported back. */
public final class RoundTrip {
    private RoundTrip() { }

    public static Graph convert(Graph source) {
        try {
            byte[] onnx = OnnxExporter.toBytes(source);
            return OnnxImporter.convert(ProtoReader.readModel(onnx), source.name() + "~onnx", OnnxImporter.Options.defaults());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("ONNX round trip of " + source.name() + " failed", e);
        }
    }
}
