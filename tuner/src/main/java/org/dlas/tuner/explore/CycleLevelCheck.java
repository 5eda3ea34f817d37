package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerStats;
import org.dlas.accel.bench.LayerCapture;

/** The cycle-level confirmation every design space shares: the best and the default design simulated on the layers' real inputs. */
public final class CycleLevelCheck {
    private CycleLevelCheck() { }

    /** A design's cycle-level simulator: layer {@code index} of the model, with its real inputs. */
    public interface Simulation {
        LayerStats run(int index, ConvLayer layer);
    }

    /**
     * @param analyticalEnergyPj the best design's analytical energy per image, or null when the space has no energy model
     * @param statedModelBound   accel-sim's stated bound on the analytical model's error for a model ({@code statedLayerBound}: for a layer)
     */
    static ExploreResult.Confirmation confirm(List<LayerCapture.Captured> real, Simulation best, Simulation defaultDesign, Double analyticalEnergyPj,
                                              double statedModelBound, double statedLayerBound) {
        long cycles = 0, analytical = 0, defCycles = 0, compute = 0, aCompute = 0;
        double energy = 0, maxLayer = 0;
        int n = real.get(0).n();
        List<Long> perLayer = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            LayerCapture.Captured c = real.get(i);
            ConvLayer layer = ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights());
            LayerStats st = best.run(i, layer);
            cycles += st.cycles();
            analytical += st.analytical().cycles();
            compute += st.computeCycles();
            aCompute += st.analytical().computeCycles();
            energy += st.energyPj();
            maxLayer = Math.max(maxLayer, st.analyticalError());
            perLayer.add(st.cycles() / n);
            defCycles += defaultDesign.run(i, layer).cycles();
        }
        double aEnergy = analyticalEnergyPj == null ? 0 : analyticalEnergyPj;
        double energyError = analyticalEnergyPj == null ? 0 : Math.abs(aEnergy - energy / n) / (energy / n);
        return new ExploreResult.Confirmation(n, cycles / n, energy / n, aEnergy, energyError, analytical / n, Math.abs((double) analytical - cycles) / cycles,
                maxLayer, compute / n, aCompute / n, Math.abs((double) aCompute - compute) / compute, statedModelBound, statedLayerBound,
                defCycles / n, (double) defCycles / cycles, perLayer);
    }
}
