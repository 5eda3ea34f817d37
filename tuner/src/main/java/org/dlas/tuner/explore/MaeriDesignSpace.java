package org.dlas.tuner.explore;

import java.util.List;

/** {@code --accelerator maeri}: MAERI's configuration and every layer's mapping ({@link MaeriSpace#standard}, any objective). */
public final class MaeriDesignSpace implements DesignSpace {
    @Override public String name() { return "maeri"; }

    @Override public String description() { return "configuration + per-layer mappings"; }

    @Override public SpaceSearch<?> search(List<Explorer.ModelLayer> layers, ExploreSpec spec) {
        return new MaeriSearch(MaeriSpace.standard(Explorer.ModelLayer.names(layers), Explorer.ModelLayer.shapes(layers),
                spec.objective(), spec.areaBudgetMm2()));
    }
}
