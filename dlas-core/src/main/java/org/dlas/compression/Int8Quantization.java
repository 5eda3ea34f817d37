package org.dlas.compression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code int8}: post-training quantisation of every Conv2d and Dense layer to the scheme of
 * {@link Int8Params}.
 * <ol>
 *   <li>BatchNorms are folded into the preceding layers ({@link BatchNormFolding}).</li>
 *   <li>The folded fp32 graph runs on the calibration images; the range of each conv/dense
 *       layer's INPUT tensor is taken as its min/max ({@code calibration=minmax}) or as its two-sided
 *       {@code percentile} ({@code calibration=percentile}), then widened to include 0.</li>
 *   <li>Input activations: asymmetric per tensor, {@code scale = (max - min) / 255},
 *       {@code zeroPoint = round(-128 - min / scale)} in [-128, 127] (real 0 is exactly the zero
 *       point, so zero padding stays exact).</li>
 *   <li>Weights: symmetric per output channel, {@code scale[k] = max|w[k]| / 127},
 *       {@code q = round(w / scale[k])} in [-127, 127]. An all-zero filter gets a scale that keeps its
 *       bias exact; a scale is raised if the int32 bias {@code round(b / (inputScale * scale))} would
 *       not fit in 2^30.</li>
 * </ol>
 * The fp32 weights of a quantised layer are replaced by their dequantised values
 * {@code q * scale[k]}, so fp32 consumers of the graph and {@link GraphStats} sparsity see exactly
 * what the int8 kernels compute (zeros stay zero: pruning before int8 keeps its sparsity).
 * Calibration runs the fp32 model through the multi-threaded gemm primitive unless another is given.
 * Layers that are already quantised are rejected.
 */
public final class Int8Quantization extends CalibratingCompressor {
    public static final String NAME = "int8";
    /** Largest int32 bias magnitude allowed before a weight scale is raised. */
    static final double MAX_BIAS = 1 << 30;

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.oneOf("calibration", "how each layer's input range is taken from the calibration activations",
                    "minmax", List.of("minmax", "percentile")),
            ParamSpec.number("percentile", "two-sided percentile of the activations kept in range (calibration=percentile)",
                    99.99, 50.0, 100.0));

    /** Calibrates with the built-in reference convolution. */
    public Int8Quantization() { this(defaultCalibrationPrimitive()); }

    /** Calibrates with {@code calibrationPrimitive} (fp32 path only), e.g. a faster kernel. */
    public Int8Quantization(ConvPrimitive calibrationPrimitive) { super(NAME, PARAMS, calibrationPrimitive); }

    @Override
    public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        Params p = Params.resolve(NAME, choice, PARAMS);
        if (calibration == null) throw new InvalidInputException(ErrorKind.MISSING, "int8 needs calibration images to calibrate activation ranges");
        calibration.requireShape(model.inputShape());
        for (Node n : model.nodes()) {
            if (n.op().isInt8()) throw new InvalidInputException(ErrorKind.CONFLICT, "int8: layer '" + n.name() + "' is already int8-quantised");
        }
        List<CompressionReport.LayerReport> entries = new ArrayList<>();
        Graph folded = BatchNormFolding.fold(model, entries, NAME);

        Set<String> tensors = new LinkedHashSet<>();
        for (Node n : folded.nodes()) if (isLayer(n.op())) tensors.add(n.inputs().get(0));
        Map<String, ActivationRanges.Range> ranges = p.string("calibration").equals("percentile")
                ? ActivationRanges.percentile(folded, calibration, calibrationPrimitive, tensors, p.number("percentile"))
                : ActivationRanges.minMax(folded, calibration, calibrationPrimitive, tensors);

        Map<String, Op> quantized = new HashMap<>();
        for (Node n : folded.nodes()) {
            if (!isLayer(n.op())) continue;
            ActivationRanges.Range r = ranges.get(n.inputs().get(0));
            double min = Math.min(0, r.min()), max = Math.max(0, r.max());
            float inScale = inputScale(min, max);
            int zp = zeroPoint(min, inScale);
            float[] w = MagnitudePruning.weights(n.op());
            float[] bias = n.op() instanceof Op.Conv2d c ? c.bias() : ((Op.Dense) n.op()).bias();
            int k = n.op() instanceof Op.Conv2d c ? c.spec().outChannels() : ((Op.Dense) n.op()).out();
            Int8Params q = quantizeWeights(w, bias, k, inScale, zp);
            float[] deq = dequantize(q, k);
            Op op = n.op() instanceof Op.Conv2d c ? c.withWeights(deq, bias).withQuant(q)
                    : ((Op.Dense) n.op()).withWeights(deq, bias).withQuant(q);
            quantized.put(n.name(), op);
            double sMin = Double.MAX_VALUE, sMax = 0, err = 0;
            for (float s : q.weightScales()) { sMin = Math.min(sMin, s); sMax = Math.max(sMax, s); }
            for (int i = 0; i < w.length; i++) err = Math.max(err, Math.abs(w[i] - deq[i]));
            Map<String, Double> fig = new LinkedHashMap<>();
            fig.put("input_scale", (double) inScale);
            fig.put("input_zero_point", (double) zp);
            fig.put("input_min", min);
            fig.put("input_max", max);
            fig.put("observed_min", r.min());
            fig.put("observed_max", r.max());
            fig.put("weight_scale_min", sMin);
            fig.put("weight_scale_max", sMax);
            fig.put("max_weight_error", err);
            entries.add(new CompressionReport.LayerReport(NAME, n.name(), "quantized",
                    String.format(Locale.ROOT, "input [%.4g, %.4g] scale %.4g zp %d; weight scales %.3g..%.3g",
                            min, max, inScale, zp, sMin, sMax), fig));
        }
        Graph out = folded.mapOps(n -> quantized.getOrDefault(n.name(), n.op()));
        List<String> notes = new ArrayList<>();
        notes.add("calibrated on " + calibration.count() + " images");
        CompressionReport report = new CompressionReport(p.label(), entries, notes, GraphStats.of(model), GraphStats.of(out));
        return new CompressionResult(out, report);
    }

    static boolean isLayer(Op op) { return op instanceof Op.Conv2d || op instanceof Op.Dense; }

    /** {@code (max - min) / 255} for a range with {@code min <= 0 <= max}; a degenerate range gets 1/255. */
    static float inputScale(double min, double max) {
        double range = max - min;
        float s = (float) (range / 255.0);
        return s > 0 && Float.isFinite(s) ? s : 1f / 255f;
    }

    /** The zero point that maps {@code min} to -128 (so {@code max} maps to about 127), clamped to int8. */
    static int zeroPoint(double min, float scale) {
        long zp = Math.round(-128 - min / scale);
        return (int) Math.max(-128, Math.min(127, zp));
    }

    /** Per-output-channel symmetric int8 weights for a layer of {@code k} output channels. */
    static Int8Params quantizeWeights(float[] w, float[] bias, int k, float inScale, int zp) {
        int per = w.length / k;
        byte[] q = new byte[w.length];
        float[] scales = new float[k];
        for (int ch = 0; ch < k; ch++) {
            float maxAbs = 0;
            for (int i = ch * per; i < (ch + 1) * per; i++) maxAbs = Math.max(maxAbs, Math.abs(w[i]));
            double b = bias == null ? 0 : Math.abs(bias[ch]);
            float s = maxAbs / 127f;
            if (!(s > 0) || !Float.isFinite(s)) {
                // all-zero filter: the output is the bias alone; pick a scale that keeps it precise
                s = b > 0 ? (float) (b / (inScale * (double) (1 << 24))) : 1f;
            }
            if (b / ((double) inScale * s) > MAX_BIAS) s = (float) (b / (inScale * MAX_BIAS));
            if (!(s > 0) || !Float.isFinite(s)) s = 1f;
            scales[ch] = s;
            for (int i = ch * per; i < (ch + 1) * per; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] / s)));
            }
        }
        return new Int8Params(q, scales, inScale, zp);
    }

    static float[] dequantize(Int8Params q, int k) {
        int per = q.weights().length / k;
        float[] w = new float[q.weights().length];
        for (int i = 0; i < w.length; i++) w[i] = q.weights()[i] * q.weightScales()[i / per];
        return w;
    }
}
