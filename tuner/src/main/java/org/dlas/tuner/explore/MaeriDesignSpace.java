package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.tuner.explore.Explorer.ModelLayer;

/** {@code --accelerator maeri}: MAERI's configuration and every layer's mapping ({@link MaeriSpace#standard}, any objective). */
public final class MaeriDesignSpace implements DesignSpace {
    @Override public String name() { return "maeri"; }

    @Override public String description() { return "configuration + per-layer mappings"; }

    @Override public SpaceSearch<?> search(List<ModelLayer> layers, ExploreSpec spec) {
        return new MaeriSearch(MaeriSpace.standard(ModelLayer.names(layers), ModelLayer.shapes(layers), spec.objective(), spec.areaBudgetMm2()));
    }
}
