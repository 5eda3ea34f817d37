package org.dlas.cli;

import java.util.List;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;

import org.dlas.spec.Axis;
import org.dlas.spec.ParamSpec;
import org.dlas.sweep.StackCatalog;
import org.dlas.target.HardwareTarget;
import org.dlas.target.Targets;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List what can go on each axis of a sweep, with parameters and defaults.")
final class ListCommand implements Runnable {
    @Override public void run() {
        StackCatalog catalog = new StackCatalog();
        for (Axis axis : Axis.values()) {
            System.out.println(axis.key() + ":");
            for (String name : catalog.names(axis)) {
                List<ParamSpec> params = catalog.params(axis, name);
                String ps = params.stream().map(p -> p.name() + "=" + (p.required() ? "<required>" : p.defaultValue()))
                        .collect(Collectors.joining(", "));
                System.out.println("  " + name + (ps.isEmpty() ? "" : "  (" + ps + ")") + describe(axis, name));
            }
        }
    }

    private static String describe(Axis axis, String name) {
        if (axis != Axis.HARDWARE) return "";
        HardwareTarget t = Targets.get(name);
        return "  " + t.description() + t.unavailableReason().map(r -> " [unavailable here: " + r + "]").orElse("");
    }
}
