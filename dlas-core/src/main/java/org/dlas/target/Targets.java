package org.dlas.target;

import java.util.List;
import java.util.Map;

import org.dlas.plugin.NamedPlugins;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The hardware targets installed on the class path, by name. */
public final class Targets {
    private static final NamedPlugins<HardwareTarget> PLUGINS = NamedPlugins.load(HardwareTarget.class, Targets.class.getClassLoader(), HardwareTarget::name);

    private Targets() { }

    public static Map<String, HardwareTarget> installed() { return PLUGINS.instances(); }

    public static HardwareTarget get(String name) {
        HardwareTarget t = installed().get(name);
        if (t == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown hardware target '" + name + "'; installed: " + List.copyOf(installed().keySet()));
        return t;
    }
}
