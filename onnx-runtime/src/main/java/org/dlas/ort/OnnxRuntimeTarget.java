package org.dlas.ort;

import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.onnx.OnnxExporter;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;

/**
 * {@code hardware: onnxruntime}: the point's model exported with {@link OnnxExporter} and run in
 * an ONNX Runtime session on the CPU execution provider - an independent implementation of the
 * same graph, and ORT's graph optimisation level a compiler setting for differential testing.
 */
public final class OnnxRuntimeTarget implements HardwareTarget {
    public static final String NAME = "onnxruntime";
    static final String OWN_KERNELS = "ONNX Runtime chooses its own kernels";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "ONNX Runtime " + OrtRunner.ortVersion() + " (CPU execution provider) running the model exported to ONNX";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.oneOf("optimization", "ORT graph optimisation level: disabled, basic (constant folding, redundant"
                        + " nodes), extended (fusions), all (also layout changes)", "all", OrtRunner.OPTIMIZATION_LEVELS),
                ParamSpec.integer("threads", "intra-op threads (0 = ORT's default)", 0, 0, 1024));
    }

    @Override public Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) {
        if (!"none".equals(codegen.name())) {
            return Optional.of("onnxruntime runs the exported ONNX model as it is; codegen must be none, not '" + codegen.name() + "'");
        }
        if (!"direct".equals(primitive.name())) return Optional.of(OWN_KERNELS);
        return Optional.empty();
    }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) throws Exception {
        String optimization = String.valueOf(hardware.params().getOrDefault("optimization", "all"));
        Object t = hardware.params().get("threads");
        int threads = t == null ? 0 : ((Number) t).intValue();
        OrtRunner runner = new OrtRunner(OnnxExporter.toBytes(model), model.nodes().get(0).name(), model.inputShape(), optimization, threads);
        String notes = notes(model);
        return new PreparedModel() {
            @Override public float[] infer(float[] images, int n) throws Exception { return runner.run(images, n); }
            @Override public String howMeasured() {
                return "wall-clock time of OrtSession.run calls from the JVM (" + runner.describe() + ")";
            }
            @Override public String notes() { return notes; }
            @Override public void close() {
                try {
                    runner.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the ONNX Runtime session: " + e.getMessage(), e);
                }
            }
        };
    }

    static String notes(Graph model) {
        String s = "the model exported with OnnxExporter (opset " + OnnxExporter.OPSET + ")";
        long int8 = model.nodes().stream().filter(n -> n.op().isInt8()).count();
        if (int8 > 0) {
            s += "; the " + int8 + " int8 layers are exported as fp32 layers with dequantised weights and without"
                    + " activation quantisation, so ORT computes in fp32 what dlas computes in int8";
        }
        return s;
    }
}
