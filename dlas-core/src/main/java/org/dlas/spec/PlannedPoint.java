package org.dlas.spec;

import java.util.Objects;

/** A point of an expanded sweep; {@code skipReason} is null when the point runs. */
public record PlannedPoint(Point point, String skipReason) implements java.io.Serializable {

    public PlannedPoint {
        Objects.requireNonNull(point, "point");
    }

    public boolean skipped() { return skipReason != null; }
}
