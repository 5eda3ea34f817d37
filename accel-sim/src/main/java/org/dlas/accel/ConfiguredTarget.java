package org.dlas.accel;

import java.util.ArrayList;
import java.util.List;

import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/**
 * The shape the {@code systolic}, {@code maeri} and {@code sigma} targets share: a name, a
 * description, the target's own parameters followed by {@link #commonParams}, and an accelerator
 * built from a hardware choice resolved against them ({@link TargetParams}: defaults filled,
 * types and ranges checked). A subclass gives the three in its constructor and builds its
 * simulator in {@link #build}.
 *
 * @param <A> the simulator the target configures
 */
public abstract class ConfiguredTarget<A extends Accelerator> extends AcceleratorTarget {
    private final String name;
    private final String description;
    private final List<ParamSpec> params;

    /** {@code own}: the target's parameters; the common ones (DRAM bandwidth {@code defaultDramBw}) are appended. */
    protected ConfiguredTarget(String name, String description, List<ParamSpec> own, double defaultDramBw) {
        this.name = name;
        this.description = description;
        List<ParamSpec> p = new ArrayList<>(own);
        p.addAll(commonParams(defaultDramBw));
        this.params = List.copyOf(p);
    }

    @Override public final String name() { return name; }

    @Override public final String description() { return description; }

    @Override public final List<ParamSpec> params() { return params; }

    @Override public final A accelerator(Choice hardware) {
        return build(TargetParams.resolve(hardware, params));
    }

    /** The simulator for resolved parameters (own and common ones). */
    protected abstract A build(TargetParams p);
}
