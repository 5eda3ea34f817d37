package org.dlas.robust.conversion;

import org.dlas.ir.Graph;

/**
 * A faulty converted model and what the injector changed in it. The description is ground truth
 * for tests and reports only: the localiser never reads it.
 */
public record Injection(String kind, Stage stage, String node, String change, Graph faulty) { }
