package org.dlas.robust.conversion;

import java.util.Locale;

/** One node's output difference on the compared images: largest absolute, and relative to the largest source magnitude; NaN when the output size differs. */
public record NodeDivergence(String node, double maxAbs, double maxRel) {
    public boolean shapeDiffers() { return Double.isNaN(maxAbs); }

    @Override public String toString() {
        if (shapeDiffers()) return node + ": output shape differs";
        return String.format(Locale.ROOT, "%s: max abs %.3g, rel %.3g", node, maxAbs, maxRel);
    }
}
