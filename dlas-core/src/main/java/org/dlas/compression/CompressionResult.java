package org.dlas.compression;

import org.dlas.ir.Graph;

/** A compressed graph and the account of what was done to it. */
public record CompressionResult(Graph graph, CompressionReport report) { }
