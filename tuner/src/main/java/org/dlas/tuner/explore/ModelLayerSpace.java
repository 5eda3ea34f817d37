package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.CostTable;
import org.dlas.accel.LayerShape;

/**
 * What the MAERI and systolic spaces have in common: the model's conv/dense layers (names and
 * shapes, in graph order) that every design is evaluated on, the area budget a design must fit,
 * and the cost table its energy and area come from.
 */
abstract class ModelLayerSpace {
    private final List<String> names;
    private final List<LayerShape> layers;
    private final double areaBudget;
    protected final CostTable costs = CostTable.defaults();

    ModelLayerSpace(List<String> names, List<LayerShape> layers, double areaBudget) {
        this.names = List.copyOf(names);
        this.layers = List.copyOf(layers);
        this.areaBudget = areaBudget;
    }

    public List<String> names() { return names; }

    public List<LayerShape> layers() { return layers; }

    public double areaBudget() { return areaBudget; }
}
