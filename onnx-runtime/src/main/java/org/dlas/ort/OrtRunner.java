package org.dlas.ort;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Shape;

/**
 * One ONNX model loaded into an ONNX Runtime session on the CPU execution provider, fed NCHW fp32
 * images. Knows the session settings it was built with, so results can say how they were made.
 */
final class OrtRunner implements AutoCloseable {
    /** The {@code optimization} values, in ORT's order: no graph rewrites up to all of them (layout changes included). */
    static final List<String> OPTIMIZATION_LEVELS = List.of("disabled", "basic", "extended", "all");

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final Shape inputShape;
    private final String optimization;
    private final int threads;

    OrtRunner(byte[] onnxModel, String input, Shape inputShape, String optimization, int threads) throws OrtException {
        this.input = input;
        this.inputShape = inputShape;
        this.optimization = optimization;
        this.threads = threads;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(optLevel(optimization));
            if (threads > 0) options.setIntraOpNumThreads(threads);
            this.session = env.createSession(onnxModel, options);
        }
    }

    static OptLevel optLevel(String optimization) {
        return switch (optimization) {
            case "disabled" -> OptLevel.NO_OPT;
            case "basic" -> OptLevel.BASIC_OPT;
            case "extended" -> OptLevel.EXTENDED_OPT;
            case "all" -> OptLevel.ALL_OPT;
            default -> throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "optimization must be one of " + OPTIMIZATION_LEVELS + ", not '" + optimization + "'");
        };
    }

    /** Runs {@code n} images and returns the model's (first) output, flattened. */
    float[] run(float[] images, int n) throws OrtException {
        return run(images, n, Set.of(session.getOutputNames().iterator().next())).values().iterator().next();
    }

    /** Runs {@code n} images and returns the named outputs, each flattened in NCHW (or N x F) order. */
    Map<String, float[]> run(float[] images, int n, Set<String> outputs) throws OrtException {
        long[] shape = {n, inputShape.channels(), inputShape.height(), inputShape.width()};
        Map<String, float[]> values = new LinkedHashMap<>();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), shape);
             OrtSession.Result r = session.run(Map.of(input, x), outputs)) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] y = new float[fb.remaining()];
                fb.get(y);
                values.put(e.getKey(), y);
            }
        }
        return values;
    }

    /** e.g. "ONNX Runtime 1.20.0 CPU execution provider, graph optimisation all, ORT default intra-op threads". */
    String describe() {
        return String.format(Locale.ROOT, "ONNX Runtime %s CPU execution provider, graph optimisation %s, %s",
                ortVersion(), optimization, threads == 1 ? "1 intra-op thread" : threads > 0 ? threads + " intra-op threads" : "ORT's default intra-op threads");
    }

    static String ortVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    @Override public void close() throws OrtException {
        session.close();
    }
}
