package org.dlas.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The plug-ins of one kind (primitives, compressions, design spaces, ...) found with
 * {@link ServiceLoader}, by name: a new one is one class plus one line in
 * {@code META-INF/services/<interface>}. Names keep class-path order, and within a jar the order of
 * its services file, so built-in lists stay in a stable order. Two plug-ins with one name are a
 * configuration error, not a silent choice.
 */
public final class NamedPlugins<T> {
    private final Map<String, ServiceLoader.Provider<T>> providers;
    private final Map<String, T> shared;

    private NamedPlugins(Map<String, ServiceLoader.Provider<T>> providers, Map<String, T> shared) {
        this.providers = providers;
        this.shared = shared;
    }

    /** Loads every {@code type} that {@code loader} lists; {@code name} gives each one's name. */
    public static <T> NamedPlugins<T> load(Class<T> type, ClassLoader loader, Function<T, String> name) {
        Map<String, ServiceLoader.Provider<T>> providers = new LinkedHashMap<>();
        Map<String, T> shared = new LinkedHashMap<>();
        ServiceLoader.load(type, loader).stream().forEach(provider -> {
            T plugin = provider.get();
            String key = name.apply(plugin);
            T before = shared.putIfAbsent(key, plugin);
            if (before != null && before.getClass() != plugin.getClass()) {
                throw new IllegalStateException("two " + type.getSimpleName() + " plug-ins are called '" + key + "': "
                        + before.getClass().getName() + " and " + plugin.getClass().getName());
            }
            providers.putIfAbsent(key, provider);
        });
        return new NamedPlugins<>(Collections.unmodifiableMap(providers), Collections.unmodifiableMap(shared));
    }

    /** The names, in discovery order. */
    public List<String> names() { return List.copyOf(shared.keySet()); }

    /** The shared instances by name, in discovery order (unmodifiable). */
    public Map<String, T> instances() { return shared; }

    /** One instance of {@code name}, shared by all callers (for stateless plug-ins and their metadata). */
    public Optional<T> shared(String name) { return Optional.ofNullable(shared.get(name)); }

    /** A new instance of {@code name} (its public no-argument constructor runs again). */
    public Optional<T> create(String name) {
        ServiceLoader.Provider<T> provider = providers.get(name);
        return provider == null ? Optional.empty() : Optional.of(provider.get());
    }
}
