package org.dlas.spec;

import java.util.Locale;

/** The layers of the stack that a sweep can vary, in stack order. */
public enum Axis {
    DATASET, MODEL, COMPRESSION, PRIMITIVE, CODEGEN, HARDWARE;

    /** The key used in sweep files. */
    public String key() { return name().toLowerCase(Locale.ROOT); }
}
