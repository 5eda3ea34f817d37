package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.plugin.NamedPlugins;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The design spaces on the class path, by name (tuner's own: maeri, systolic, sigma). */
public final class DesignSpaces {
    private static final NamedPlugins<DesignSpace> REGISTRY = NamedPlugins.load(DesignSpace.class, DesignSpaces.class.getClassLoader(), DesignSpace::name);

    private DesignSpaces() { }

    public static List<String> names() { return REGISTRY.names(); }

    /** The space called {@code name}; an unknown name is an IllegalArgumentException listing the supported ones. */
    public static DesignSpace get(String name) {
        return get(REGISTRY, name);
    }

    static DesignSpace get(NamedPlugins<DesignSpace> registry, String name) {
        return registry.shared(name).orElseThrow(() -> new InvalidInputException(ErrorKind.UNKNOWN_NAME, 
                "unsupported accelerator '" + name + "'; supported: " + String.join(", ", registry.names())));
    }
}
