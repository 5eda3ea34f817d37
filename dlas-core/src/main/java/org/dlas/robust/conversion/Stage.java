package org.dlas.robust.conversion;

/** Where in a conversion a fault sits, in the order a converter meets them. */
public enum Stage {
    INPUT("input preprocessing"),
    GRAPH("graph"),
    HYPERPARAMETERS("hyperparameters"),
    PARAMETERS("parameters");

    private final String label;

    Stage(String label) { this.label = label; }

    public String label() { return label; }

    @Override public String toString() { return label; }
}
