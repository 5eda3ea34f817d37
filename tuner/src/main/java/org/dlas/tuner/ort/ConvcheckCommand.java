package org.dlas.tuner.ort;

import java.util.Locale;

/** {@code dlas convcheck}. */
public final class ConvcheckCommand {
    static String table(ConversionCheck.Report r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-24s %-14s %5s %12s %12s %12s%n", "node", "op", "int8", "max abs err", "source max", "relative"));
        String fault = r.firstFault().map(NodeDeviation::node).orElse(null);
        for (NodeDeviation n : r.nodes()) {
            s.append(String.format(Locale.ROOT, "%-24s %-14s %5s %12.3g %12.3g %12.3g%s%n", n.node(), n.op(), n.int8() ? "yes" : "", n.maxAbs(),
                    n.sourceMaxAbs(), n.relative(), n.node().equals(fault) ? "  <- first fault" : ""));
        }
        s.append(String.format(Locale.ROOT, "labels differ on %d of %d images%n", r.labelsDiffering(), r.images()));
        return s.toString();
    }
}
