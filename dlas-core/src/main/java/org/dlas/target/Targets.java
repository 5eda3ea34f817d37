package org.dlas.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The hardware targets installed on the class path, by name. */
public final class Targets {
    private static volatile Map<String, HardwareTarget> installed;

    private Targets() { }

    public static Map<String, HardwareTarget> installed() {
        if (installed == null) {
            synchronized (Targets.class) {
                if (installed == null) {
                    Map<String, HardwareTarget> m = new LinkedHashMap<>();
                    for (HardwareTarget t : ServiceLoader.load(HardwareTarget.class)) m.putIfAbsent(t.name(), t);
                    installed = m;
                }
            }
        }
        return installed;
    }

    public static HardwareTarget get(String name) {
        HardwareTarget t = installed().get(name);
        if (t == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown hardware target '" + name + "'; installed: " + List.copyOf(installed().keySet()));
        return t;
    }
}
