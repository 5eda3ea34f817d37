package org.dlas.tuner.reuse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dlas.tuner.tvm.CompiledLibrary;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * What a {@code reuse} build did per kernel, as its build script recorded it.
 *
 * <p>The rule, applied to every kernel (MetaSchedule task from {@code extract_tasks}) of the new model:
 * <ol>
 * <li><b>exact</b>: a donor holds a workload with the same structural hash (and structurally
 *     equal): its best measured traces are the candidates;</li>
 * <li><b>closest</b>: else donor kernels of the same operator class (the anchor block's name:
 *     {@code conv2d_nchw}, {@code T_matmul_NT}, ...; the block names for kernels without one) with as
 *     many loops are candidates, nearest first by the distance sum over loops of
 *     |ln(extent_new / extent_donor)| (so 16 vs 32 channels costs ln 2 whatever the layer's size),
 *     then kernels with the same fused blocks, then the faster record. A conv is never matched to a
 *     dense: their classes differ;</li>
 * <li><b>none</b>: no candidate replayed: the kernel keeps TVM's default schedule.</li>
 * </ol>
 * Each candidate is replayed with {@code Trace.apply_to_schedule} on the new kernel (where the blocks
 * fused around the anchor differ and that fails, with TVM's {@code schedule_using_anchor_trace},
 * which replays the anchor block's part and inlines or parallelises the rest); a replay fails
 * when TVM raises, when the result does not build, or when a sampled decision did not survive (split
 * factors that do not divide the new extents, which TVM would silently re-sample). A failed replay is
 * counted and the next candidate tried (at most 24 per kernel, the 16 best records per donor kernel).
 * The records that replayed go into a {@code MemoryDatabase} that {@code compile_relay} builds with.
 */
public record ReuseReport(List<KernelReuse> kernels, double matchingSeconds) {

    public static ReuseReport of(CompiledLibrary built) {
        JsonNode r = built.result().path("reuse");
        if (r.isMissingNode()) throw new InvalidInputException(ErrorKind.BAD_FORMAT, built.dir() + " is not a reuse build");
        List<KernelReuse> kernels = new ArrayList<>();
        for (JsonNode k : r.path("kernels")) {
            List<Integer> extents = new ArrayList<>();
            k.path("extents").forEach(e -> extents.add(e.asInt()));
            List<String> failures = new ArrayList<>();
            k.path("failures").forEach(f -> failures.add(f.asText()));
            kernels.add(new KernelReuse(k.path("task").asText(), k.path("op_class").asText(), List.copyOf(extents),
                    ReuseRule.of(k.path("rule").asText()), k.path("donor").isNull() ? null : k.path("donor").asText(),
                    k.path("donor_kernel").isNull() ? null : k.path("donor_kernel").asText(),
                    k.path("distance").isNumber() ? k.path("distance").asDouble() : Double.NaN,
                    k.path("replay_failures").asInt(), List.copyOf(failures), k.path("replayed_as").isTextual() ? k.path("replayed_as").asText() : null));
        }
        return new ReuseReport(List.copyOf(kernels), r.path("matching_seconds").asDouble());
    }

    public int count(ReuseRule rule) { return (int) kernels.stream().filter(k -> k.rule() == rule).count(); }

    public int replayFailures() { return kernels.stream().mapToInt(KernelReuse::replayFailures).sum(); }

    public Map<ReuseRule, Integer> counts() {
        Map<ReuseRule, Integer> m = new EnumMap<>(ReuseRule.class);
        for (ReuseRule rule : ReuseRule.values()) m.put(rule, count(rule));
        return m;
    }

    /** "exact 3, closest 2, none 1, 4 replay failures". */
    public String summary() {
        return String.format("exact %d, closest %d, none %d, %d replay failures", count(ReuseRule.EXACT), count(ReuseRule.CLOSEST),
                count(ReuseRule.NONE), replayFailures());
    }
}
