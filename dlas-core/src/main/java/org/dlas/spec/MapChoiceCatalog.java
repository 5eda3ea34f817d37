package org.dlas.spec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ChoiceCatalog} held in maps, for tests and for code that assembles the catalog by hand:
 * {@code MapChoiceCatalog.builder().add(Axis.MODEL, "lenet").add(Axis.COMPRESSION, "prune",
 * ParamSpec.number("sparsity", "fraction of weights zeroed", null, 0, 1)).build()}.
 */
public final class MapChoiceCatalog implements ChoiceCatalog {

    private final Map<Axis, Map<String, List<ParamSpec>>> entries;

    private MapChoiceCatalog(Map<Axis, Map<String, List<ParamSpec>>> entries) {
        EnumMap<Axis, Map<String, List<ParamSpec>>> copy = new EnumMap<>(Axis.class);
        entries.forEach((axis, m) -> copy.put(axis, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        this.entries = copy;
    }

    public static Builder builder() { return new Builder(); }

    @Override
    public Set<String> names(Axis axis) {
        Map<String, List<ParamSpec>> m = entries.get(axis);
        return m == null ? Set.of() : Collections.unmodifiableSet(m.keySet());
    }

    @Override
    public List<ParamSpec> params(Axis axis, String name) {
        Map<String, List<ParamSpec>> m = entries.get(axis);
        List<ParamSpec> p = m == null ? null : m.get(name);
        return p == null ? List.of() : p;
    }

    public static final class Builder {
        private final Map<Axis, Map<String, List<ParamSpec>>> entries = new EnumMap<>(Axis.class);

        private Builder() {}

        /** Adds (or replaces) {@code name} on {@code axis} with its parameters. */
        public Builder add(Axis axis, String name, ParamSpec... params) {
            entries.computeIfAbsent(axis, a -> new LinkedHashMap<>()).put(name, List.of(params));
            return this;
        }

        public MapChoiceCatalog build() { return new MapChoiceCatalog(entries); }
    }
}
