package org.dlas.robust.conversion;

import java.util.List;

import org.dlas.ir.Graph;

/** A whole repair: the localisation of the faulty model, each repair step, the repaired model and what is left in it. */
public record RepairResult(String model, List<Injection> injected, Localisation before, List<RepairStep> steps,
                           Graph repaired, Localisation after) {
    public RepairResult {
        injected = List.copyOf(injected);
        steps = List.copyOf(steps);
    }
}
