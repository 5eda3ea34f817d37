package org.dlas.spec;

import java.util.Objects;

/** A point of an expanded sweep; {@code skipReason} is null when the point runs. */
public record PlannedPoint(Point point, String skipReason) {

    public PlannedPoint {
        Objects.requireNonNull(point, "point");
    }

    public boolean skipped() { return skipReason != null; }
}
