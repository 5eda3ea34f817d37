package org.dlas.tuner.tvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one model is built with TVM.
 *
 * @param target     TVM target string, e.g. {@code llvm -num-cores 2} or {@code cuda}
 * @param primitive  dlas primitive name: direct, gemm, spatial-pack, winograd, csr, bsr
 * @param codegen    {@code untuned} (TVM's default schedules) or {@code autoscheduled} (MetaSchedule)
 * @param optLevel   Relay opt_level 0..3
 * @param trials     MetaSchedule's global trial budget (autoscheduled only)
 * @param costModel  MetaSchedule cost model: {@code random} or {@code learned} (ours, see dlas_tvm.py)
 * @param batch      images per inference call the library is built for
 */
public record TvmBuildOptions(String target, String primitive, Map<String, Object> primitiveParams, String codegen,
                              int optLevel, int trials, String costModel, int batch, long seed) {

    public TvmBuildOptions {
        primitiveParams = new TreeMap<>(primitiveParams);
        if (optLevel < 0 || optLevel > 3) throw new IllegalArgumentException("opt_level must be 0..3, got " + optLevel);
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }

    public boolean tuned() { return "autoscheduled".equals(codegen); }

    Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("primitive", primitive);
        m.put("primitive_params", primitiveParams);
        m.put("codegen", codegen);
        m.put("opt_level", optLevel);
        m.put("batch", batch);
        if (tuned()) {
            m.put("trials", trials);
            m.put("cost_model", costModel);
            m.put("seed", seed);
        }
        return m;
    }
}
