package org.dlas.sweep;

import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;

/** A test-only target whose inference always fails, to check that one failing point does not stop a sweep. */
public final class CrashingTarget implements HardwareTarget {
    @Override public String name() { return "test-crash"; }

    @Override public String description() { return "test target that fails every inference"; }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        return new PreparedModel() {
            @Override public float[] infer(float[] images, int n) { throw new IllegalStateException("simulated device crash"); }
            @Override public String howMeasured() { return "never"; }
        };
    }
}
