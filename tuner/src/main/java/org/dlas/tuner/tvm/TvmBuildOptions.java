package org.dlas.tuner.tvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dlas.tuner.reuse.TuningDatabase;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * How one model is built with TVM.
 *
 * @param target       TVM target string, e.g. {@code llvm -num-cores 2} or {@code cuda}
 * @param primitive    dlas primitive name: direct, gemm, spatial-pack, winograd, csr, bsr
 * @param codegen      {@code untuned} (TVM's default schedules), {@code autoscheduled} (MetaSchedule)
 *                     or {@code reuse} (schedules borrowed from the donors' tuning databases)
 * @param optLevel     Relay opt_level 0..3
 * @param trials       MetaSchedule's global trial budget (autoscheduled only)
 * @param costModel    MetaSchedule cost model: {@code random} or {@code learned} (ours, see dlas_tvm.py)
 * @param batch        images per inference call the library is built for
 * @param donors       reuse only: the tuning databases to borrow from; their content is part of the cache key
 */
public record TvmBuildOptions(String target, String primitive, Map<String, Object> primitiveParams, String codegen,
                              int optLevel, int trials, String costModel, int batch, long seed,
                              List<TuningDatabase> donors) {

    public static final String REUSE = "reuse";

    public TvmBuildOptions {
        primitiveParams = new TreeMap<>(primitiveParams);
        donors = List.copyOf(donors);
        if (optLevel < 0 || optLevel > 3) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "opt_level must be 0..3, got " + optLevel);
        if (batch < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "batch must be >= 1, got " + batch);
        if (REUSE.equals(codegen) && donors.isEmpty()) throw new InvalidInputException(ErrorKind.MISSING, "codegen reuse needs at least one donor database");
        if (donors.stream().map(TuningDatabase::name).distinct().count() != donors.size()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "donor names must differ: " + donors.stream().map(TuningDatabase::name).toList());
        }
    }

    public TvmBuildOptions(String target, String primitive, Map<String, Object> primitiveParams, String codegen,
                           int optLevel, int trials, String costModel, int batch, long seed) {
        this(target, primitive, primitiveParams, codegen, optLevel, trials, costModel, batch, seed, List.of());
    }

    public boolean tuned() { return "autoscheduled".equals(codegen); }

    public boolean reused() { return REUSE.equals(codegen); }

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
        if (reused()) {
            List<Map<String, Object>> ds = new ArrayList<>();
            for (TuningDatabase d : donors) ds.add(Map.of("name", d.name(), "sha256", d.contentHash()));
            m.put("donors", ds);
        }
        return m;
    }
}
