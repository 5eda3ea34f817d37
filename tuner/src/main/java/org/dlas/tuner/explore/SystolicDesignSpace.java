package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.tuner.explore.Explorer.ModelLayer;

/** {@code --accelerator systolic}: rows, columns, dataflow and SRAM sizes of a systolic array ({@link SystolicSpace#standard}, cycles). */
public final class SystolicDesignSpace implements DesignSpace {
    @Override public String name() { return "systolic"; }

    @Override public String description() { return "rows, cols, dataflow, SRAMs"; }

    @Override public SpaceSearch<?> search(List<ModelLayer> layers, ExploreSpec spec) {
        return new SystolicSearch(SystolicSpace.standard(ModelLayer.names(layers), ModelLayer.shapes(layers), spec.objective(), spec.areaBudgetMm2()));
    }
}
